// FbDisplay build script. Run with: dotnet tool restore && dotnet cake --target=<Target>
//   Build    compile everything (Release)
//   Test     every test project, VM tests included; TRX results in artifacts/test-results
//   Publish  self-contained fbdisplay + simulator for linux-x64 and linux-arm64 in artifacts/publish/<rid>
//   Demo     the display fed by the simulator on a virtual framebuffer, viewable at http://127.0.0.1:8080/
//   Bench    the benchmarks that print figures (decode, render, flood)

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var demoSeconds = Argument("demo-seconds", 0);
var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Build").Does(() =>
{
    DotNetBuild("FbDisplay.sln", new DotNetBuildSettings { Configuration = configuration });
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    DotNetTest("FbDisplay.sln", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        ResultsDirectory = results,
        Loggers = new[] { "trx", "console;verbosity=normal" },
    });
});

Task("Publish").Does(() =>
{
    foreach (var rid in new[] { "linux-x64", "linux-arm64" })
    {
        foreach (var project in new[] { "src/FbDisplay.App/FbDisplay.App.csproj", "src/FbDisplay.Simulator/FbDisplay.Simulator.csproj" })
        {
            DotNetPublish(project, new DotNetPublishSettings
            {
                Configuration = configuration,
                Runtime = rid,
                SelfContained = true,
                OutputDirectory = artifacts.Combine("publish").Combine(rid),
            });
        }
    }
});

Task("Image").Does(() =>
{
    // The Raspberry Pi bundle: self-contained linux-arm64 app + installer + systemd unit (image/pi/).
    var version = XmlPeek("Directory.Build.props", "/Project/PropertyGroup/Version");
    foreach (var rid in new[] { "linux-arm64", "linux-x64" })
    {
        var name = $"fbdisplay-{version}-{rid}";
        var bundle = artifacts.Combine("bundle").Combine(name);
        CleanDirectory(bundle);
        DotNetPublish("src/FbDisplay.App/FbDisplay.App.csproj", new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = rid,
            SelfContained = true,
            OutputDirectory = bundle.Combine("app"),
        });
        CopyFiles(new[] { "image/pi/install.sh", "image/pi/fbdisplay.service", "image/pi/README.md" }, bundle);
        System.IO.File.WriteAllText(bundle.CombineWithFilePath("VERSION").FullPath, version);
        System.IO.File.WriteAllText(bundle.CombineWithFilePath("ARCH").FullPath, rid);
        StartProcess("chmod", new ProcessSettings { Arguments = $"+x {bundle.CombineWithFilePath("install.sh")}" });
        StartProcess("tar", new ProcessSettings { Arguments = $"-C {artifacts.Combine("bundle")} -czf {artifacts.CombineWithFilePath(name + ".tar.gz")} {name}" });
        Information($"Bundle: artifacts/{name}.tar.gz");
    }
});

Task("Demo").IsDependentOn("Build").Does(() =>
{
    var demo = root.Combine("out/demo");
    EnsureDirectoryExists(demo);
    var bin = $"bin/{configuration}/net10.0";
    Information("Starting the display on a virtual framebuffer (out/demo/fb0.raw), fed by the simulator at 60x speed.");
    Information("Open http://127.0.0.1:8080/ to see the screen live; out/demo/screen.png is refreshed every 5 s. Ctrl+C stops.");
    using var app = StartDotNet($"src/FbDisplay.App/{bin}/fbdisplay.dll",
        $"--DataDir={demo.Combine("data")}",
        $"--Display:Framebuffer={demo.CombineWithFilePath("fb0.raw")}",
        "--Display:Touch=none", "--Udp:Port=16500", "--Web:Urls=http://127.0.0.1:8080", "--Controller:CapacityAh=232",
        $"--Demo:ScreenshotPath={demo.CombineWithFilePath("screen.png")}", "--ConsoleStatus=true");
    var simArgs = new List<string> { $"src/FbDisplay.Simulator/{bin}/fbdisplay-sim.dll", "--target", "127.0.0.1", "--port", "16500", "--speed", "60", "--start", "09:00", "--modules", "8", "--quiet" };
    if (demoSeconds > 0)
    {
        simArgs.AddRange(new[] { "--duration", demoSeconds.ToString() });
    }
    using var sim = StartDotNet(simArgs.ToArray());
    sim.WaitForExit();
    if (!app.HasExited)
    {
        StartProcess("kill", new ProcessSettings { Arguments = $"-TERM {app.Id}" });
        app.WaitForExit(15000);
    }
});

System.Diagnostics.Process StartDotNet(params string[] args)
{
    var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false };
    foreach (var a in args)
    {
        psi.ArgumentList.Add(a);
    }
    return System.Diagnostics.Process.Start(psi);
}

Task("Bench").Does(() =>
{
    var settings = new DotNetRunSettings { Configuration = "Release" };
    // Display engine and process budgets (render vs full frame, bytes copied, allocations, CPU and RSS at 1 Hz).
    DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--budget"), settings);
    // BenchmarkDotNet: decode throughput and allocations.
    DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter *"), settings);
});

RunTarget(target);
