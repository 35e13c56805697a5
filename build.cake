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

Task("Demo").IsDependentOn("Build").Does(() =>
{
    var demo = root.Combine("out/demo");
    EnsureDirectoryExists(demo);
    var bin = $"bin/{configuration}/net10.0";
    var args = new ProcessArgumentBuilder()
        .Append($"src/FbDisplay.App/{bin}/fbdisplay.dll")
        .Append($"--DataDir={demo.Combine("data")}")
        .Append($"--Display:Framebuffer={demo.CombineWithFilePath("fb0.raw")}")
        .Append("--Display:Touch=none")
        .Append("--Udp:Port=16500")
        .Append("--Web:Urls=http://127.0.0.1:8080")
        .Append($"--Demo:ScreenshotPath={demo.CombineWithFilePath("screen.png")}")
        .Append("--ConsoleStatus=true");
    Information("Starting the display on a virtual framebuffer (out/demo/fb0.raw).");
    Information("Open http://127.0.0.1:8080/ to see the screen live; out/demo/screen.png is refreshed every 5 s. Ctrl+C stops.");
    using var app = StartAndReturnProcess("dotnet", new ProcessSettings { Arguments = args });
    var simArgs = new ProcessArgumentBuilder()
        .Append($"src/FbDisplay.Simulator/{bin}/fbdisplay-sim.dll")
        .Append("--target 127.0.0.1 --port 16500 --speed 60 --start 05:30 --modules 8 --quiet");
    if (demoSeconds > 0)
    {
        simArgs.Append($"--duration {demoSeconds}");
    }
    using var sim = StartAndReturnProcess("dotnet", new ProcessSettings { Arguments = simArgs });
    if (demoSeconds > 0)
    {
        sim.WaitForExit();
        StartProcess("kill", new ProcessSettings { Arguments = $"-TERM {app.GetProcessId()}" });
        app.WaitForExit(15000);
    }
    else
    {
        app.WaitForExit();
        sim.Kill();
    }
});

Task("Bench").Does(() =>
{
    DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter *"),
        new DotNetRunSettings { Configuration = "Release" });
});

RunTarget(target);
