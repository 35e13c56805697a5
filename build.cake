// FbDisplay build script. Run with: dotnet tool restore && dotnet cake --target=<Target>
//   Build    compile everything (Release)
//   Test     every test project, VM tests included; TRX results in artifacts/test-results
//   Publish  self-contained fbdisplay + simulator for linux-x64 and linux-arm64 in artifacts/publish/<rid>
//   Demo     the display fed by the simulator (four past days, then real time) on a virtual framebuffer, viewable at http://127.0.0.1:8080/;
//            --web-port=N for another port. Ctrl-C (or a closed terminal) stops both and returns once the app has saved.
//   Bench    the benchmarks that print figures (decode, render, flood)
//   Image    the Raspberry Pi install bundles (image/pi), with the update public key when one is given
//   SdImage  a whole bootable arm64 SD-card image from Debian packages (image/sd; root, mmdebstrap, qemu-user-static):
//            --sd-output=PATH (default artifacts/sd/fbdisplay-<version>-sd.img), --authorized-keys=FILE
//   Bundle   signed update bundles (*.fbu) and latest.json in artifacts/updates (docs/updates.md)
//   UpdateKey  a new ECDSA P-256 signing key: --update-key=PATH (private, 0600) and PATH.pub.pem
//
// The update signing key never lives in the repository: --update-key=PATH, or FBD_UPDATE_KEY (a path, or the PEM
// itself). Image takes the public half from it, or from --update-public-key=PATH.

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var demoSeconds = Argument("demo-seconds", 0);
var webPort = Argument("web-port", 8080);
var updateKeyArg = Argument("update-key", "");
var updatePublicKeyArg = Argument("update-public-key", "");
var bundleVersion = Argument("bundle-version", "");
var sdOutputArg = Argument("sd-output", "");
var authorizedKeysArg = Argument("authorized-keys", "");
var rids = Argument("rids", "linux-arm64,linux-x64").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
    var version = bundleVersion != "" ? bundleVersion : XmlPeek("Directory.Build.props", "/Project/PropertyGroup/Version");
    var publicKey = UpdatePublicKeyPem();
    if (publicKey is null)
    {
        Warning("No update key (--update-key, FBD_UPDATE_KEY or --update-public-key): this image will refuse every update.");
    }

    foreach (var rid in rids)
    {
        MakeInstallBundle(rid, version, publicKey);
    }
});

Task("SdImage").Does(() =>
{
    // A whole bootable arm64 SD-card image from Debian bookworm packages (image/sd/README.md): the linux-arm64
    // bundle as Image makes it, installed by its own install.sh into a Debian root built with mmdebstrap. Needs root,
    // mmdebstrap, qemu-user-static (binfmt), dosfstools, mtools, fdisk; downloads the Debian packages.
    var version = bundleVersion != "" ? bundleVersion : XmlPeek("Directory.Build.props", "/Project/PropertyGroup/Version");
    var publicKey = UpdatePublicKeyPem();
    if (publicKey is null)
    {
        Warning("No update key (--update-key, FBD_UPDATE_KEY or --update-public-key): this image will refuse every update.");
    }

    var bundle = MakeInstallBundle("linux-arm64", version, publicKey);
    var output = sdOutputArg != "" ? MakeAbsolute(File(sdOutputArg)) : artifacts.Combine("sd").CombineWithFilePath($"fbdisplay-{version}-sd.img");
    EnsureDirectoryExists(output.GetDirectory());
    var args = new ProcessArgumentBuilder()
        .AppendQuoted(bundle.FullPath)
        .AppendQuoted(output.FullPath)
        .Append("--apt-cache").AppendQuoted(artifacts.Combine("sd").Combine("apt-cache").FullPath);
    if (authorizedKeysArg != "")
    {
        args.Append("--authorized-keys").AppendQuoted(MakeAbsolute(File(authorizedKeysArg)).FullPath);
    }
    else
    {
        Warning("No --authorized-keys=FILE: the image takes root's SSH keys from a BATTERY drive at first boot.");
    }

    var sw = System.Diagnostics.Stopwatch.StartNew();
    var exit = StartProcess(root.CombineWithFilePath("image/sd/build-sd-image.sh"), new ProcessSettings { Arguments = args });
    if (exit != 0)
    {
        throw new Exception($"image/sd/build-sd-image.sh failed ({exit}).");
    }

    Information($"SD image: {output} ({new System.IO.FileInfo(output.FullPath).Length / 1048576} MiB) in {sw.Elapsed.TotalMinutes:0.0} min");
});

DirectoryPath MakeInstallBundle(string rid, string version, string publicKey)
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
        MSBuildSettings = new DotNetMSBuildSettings().SetVersion(version),
    });
    if (publicKey is not null)
    {
        System.IO.File.WriteAllText(bundle.Combine("app").CombineWithFilePath("update-key.pem").FullPath, publicKey);
    }

    CopyFiles(new[] { "image/pi/install.sh", "image/pi/fbdisplay.service", "image/pi/fbdisplay-guard.sh", "image/pi/README.md" }, bundle);
    System.IO.File.WriteAllText(bundle.CombineWithFilePath("VERSION").FullPath, version);
    System.IO.File.WriteAllText(bundle.CombineWithFilePath("ARCH").FullPath, rid);
    StartProcess("chmod", new ProcessSettings { Arguments = $"+x {bundle.CombineWithFilePath("install.sh")} {bundle.CombineWithFilePath("fbdisplay-guard.sh")}" });
    StartProcess("tar", new ProcessSettings { Arguments = $"-C {artifacts.Combine("bundle")} -czf {artifacts.CombineWithFilePath(name + ".tar.gz")} {name}" });
    Information($"Bundle: artifacts/{name}.tar.gz");
    return bundle;
}

Task("Bundle").IsDependentOn("Build").Does(() =>
{
    // Signed update bundles: the self-contained app per RID with its update-key.pem, as manifest.json + manifest.sig +
    // files/ in a .tar.gz (written by FbDisplay.Services' UpdateBundleWriter, loaded from the build output), and a
    // latest.json feed naming them. Serve artifacts/updates over HTTPS and set Update:FeedUrl, or copy a .fbu to the
    // BATTERY drive.
    var privateKey = UpdatePrivateKeyPem() ?? throw new Exception("Bundle needs the signing key: --update-key=PATH or FBD_UPDATE_KEY (never commit it).");
    var version = bundleVersion != "" ? bundleVersion : XmlPeek("Directory.Build.props", "/Project/PropertyGroup/Version");
    var services = System.Reflection.Assembly.LoadFrom(root.CombineWithFilePath($"src/FbDisplay.Services/bin/{configuration}/net10.0/FbDisplay.Services.dll").FullPath);
    var writer = services.GetType("FbDisplay.Services.Update.UpdateBundleWriter", throwOnError: true);
    var write = writer.GetMethod("Write", new[] { typeof(string), typeof(string), typeof(string), typeof(int), typeof(string), typeof(string) });
    var migration = services.GetType("FbDisplay.Services.Storage.SettingsMigration", throwOnError: true);
    var current = migration.GetProperty("Current").GetValue(null);
    int schema = (int)migration.GetProperty("SchemaVersion").GetValue(current);
    var updates = artifacts.Combine("updates");
    EnsureDirectoryExists(updates);
    var feed = new System.Text.Json.Nodes.JsonObject { ["version"] = version, ["bundles"] = new System.Text.Json.Nodes.JsonObject() };
    foreach (var rid in rids)
    {
        var app = artifacts.Combine("update-publish").Combine(rid);
        CleanDirectory(app);
        DotNetPublish("src/FbDisplay.App/FbDisplay.App.csproj", new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = rid,
            SelfContained = true,
            OutputDirectory = app,
            MSBuildSettings = new DotNetMSBuildSettings().SetVersion(version),
        });
        System.IO.File.WriteAllText(app.CombineWithFilePath("update-key.pem").FullPath, PublicOf(privateKey));
        var name = $"fbdisplay-{version}-{rid}.fbu";
        var output = updates.CombineWithFilePath(name).FullPath;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        write.Invoke(null, new object[] { app.FullPath, version, rid, schema, privateKey, output });
        var bytes = System.IO.File.ReadAllBytes(output);
        feed["bundles"][rid] = new System.Text.Json.Nodes.JsonObject
        {
            ["url"] = name,
            ["size"] = bytes.LongLength,
            ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
        };
        Information($"Update bundle: artifacts/updates/{name} ({bytes.Length / 1048576.0:0.0} MiB, written in {sw.Elapsed.TotalSeconds:0.0} s)");
    }

    System.IO.File.WriteAllText(updates.CombineWithFilePath("latest.json").FullPath, feed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    Information("Feed: artifacts/updates/latest.json");
});

Task("UpdateKey").Does(() =>
{
    if (updateKeyArg == "")
    {
        throw new Exception("UpdateKey needs --update-key=PATH (outside the repository).");
    }

    if (System.IO.File.Exists(updateKeyArg))
    {
        throw new Exception($"{updateKeyArg} exists; not overwriting a signing key.");
    }

    using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
    var options = new System.IO.FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = System.IO.FileAccess.Write, UnixCreateMode = System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite };
    using (var w = new System.IO.StreamWriter(new System.IO.FileStream(updateKeyArg, options)))
    {
        w.Write(key.ExportPkcs8PrivateKeyPem());
    }

    System.IO.File.WriteAllText(updateKeyArg + ".pub.pem", key.ExportSubjectPublicKeyInfoPem());
    Information($"Signing key: {updateKeyArg} (keep it secret, never commit it); public key: {updateKeyArg}.pub.pem");
});

string UpdatePrivateKeyPem()
{
    var source = updateKeyArg != "" ? updateKeyArg : (EnvironmentVariable("FBD_UPDATE_KEY") ?? "");
    if (source == "")
    {
        return null;
    }

    return source.Contains("-----BEGIN", StringComparison.Ordinal) ? source : System.IO.File.ReadAllText(source);
}

string PublicOf(string privatePem)
{
    using var key = System.Security.Cryptography.ECDsa.Create();
    key.ImportFromPem(privatePem);
    return key.ExportSubjectPublicKeyInfoPem();
}

string UpdatePublicKeyPem()
{
    if (updatePublicKeyArg != "")
    {
        return System.IO.File.ReadAllText(updatePublicKeyArg);
    }

    var privatePem = UpdatePrivateKeyPem();
    return privatePem is null ? null : PublicOf(privatePem);
}

Task("Demo").IsDependentOn("Build").Does(() =>
{
    if (webPort < 1 || webPort > 65535)
    {
        throw new Exception($"--web-port={webPort} is not a port (1-65535).");
    }

    // Checked before anything starts: a taken port would otherwise leave the demo running without its web page.
    string portProblem = TcpPortProblem(webPort);
    if (portProblem is not null)
    {
        throw new Exception($"Port {webPort} cannot be used for the demo's web page ({portProblem}). Stop what holds it, or pick another: dotnet cake --target=Demo --web-port=8081");
    }

    var demo = root.Combine("out/demo");
    var data = demo.Combine("data");
    // Each demo starts from a fresh data directory, so the past days it shows are the ones the simulator just lived.
    if (DirectoryExists(data))
    {
        DeleteDirectory(data, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    EnsureDirectoryExists(data);
    var bin = $"bin/{configuration}/net10.0";
    // One pack for both: 8 Tesla modules as 4 parallel strings of 12 cells, 4 x 232 Ah.
    const int modules = 8, capacityAh = 928;
    var pastLog = data.CombineWithFilePath("PowerSafe100.log");
    Information("Simulating the last four days of an 8-module, 928 Ah pack, then the display on a virtual framebuffer (out/demo/fb0.raw), fed by the simulator in real time.");
    Information($"Open http://127.0.0.1:{webPort}/ to see the screen live; out/demo/screen.png is refreshed every 5 s. Ctrl+C stops.");

    // Ctrl-C reaches the whole foreground group (cake, the app, the simulator) and a closed terminal sends SIGHUP to
    // it: cake must not end first, or the app's last lines land over the prompt and its saves race the shell. Every
    // stop signal is passed on and cake waits for the app below.
    System.Diagnostics.Process app = null, sim = null;
    void PassOn(System.Runtime.InteropServices.PosixSignalContext c)
    {
        c.Cancel = true;
        foreach (var p in new[] { sim, app })
        {
            if (p is not null && !p.HasExited)
            {
                StartProcess("kill", new ProcessSettings { Arguments = $"-TERM {p.Id}", Silent = true, RedirectStandardError = true });
            }
        }
    }

    using var intr = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, PassOn);
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, PassOn);
    using var hup = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, PassOn);
    var simArgs = new List<string> { $"src/FbDisplay.Simulator/{bin}/fbdisplay-sim.dll", "--target", "127.0.0.1", "--port", "16500",
        "--modules", modules.ToString(), "--capacity", capacityAh.ToString(), "--backfill-days", "4", "--backfill-log", pastLog.FullPath, "--quiet" };
    if (demoSeconds > 0)
    {
        simArgs.AddRange(new[] { "--duration", demoSeconds.ToString() });
    }

    sim = StartDotNet(simArgs.ToArray());
    // The simulator writes the four days whole and renames them into place, then goes on live from where they ended.
    var backfillWatch = System.Diagnostics.Stopwatch.StartNew();
    while (!FileExists(pastLog) && !sim.HasExited && backfillWatch.Elapsed < TimeSpan.FromSeconds(120))
    {
        System.Threading.Thread.Sleep(100);
    }

    if (!FileExists(pastLog))
    {
        if (!sim.HasExited)
        {
            sim.Kill(entireProcessTree: true);
        }

        throw new Exception("The simulator did not write the demo's past days (see its message above).");
    }

    app = StartDotNet($"src/FbDisplay.App/{bin}/fbdisplay.dll",
        $"--DataDir={data}",
        $"--Display:Framebuffer={demo.CombineWithFilePath("fb0.raw")}",
        "--Display:Touch=none", "--Udp:Port=16500", $"--Web:Urls=http://127.0.0.1:{webPort}", $"--Controller:CapacityAh={capacityAh}",
        $"--Demo:HistoryLog={pastLog.FullPath}", $"--Demo:ScreenshotPath={demo.CombineWithFilePath("screen.png")}", "--ConsoleStatus=true");
    using (app)
    using (sim)
    {
        sim.WaitForExit();
        if (!app.HasExited)
        {
            StartProcess("kill", new ProcessSettings { Arguments = $"-TERM {app.Id}", Silent = true, RedirectStandardError = true });
        }

        if (!app.WaitForExit(20000))
        {
            Warning("The display did not stop within 20 s; killed (its last saves may be lost).");
            app.Kill(entireProcessTree: true);
            app.WaitForExit();
        }

        Information($"Demo stopped (display exit code {app.ExitCode}).");
    }
});

// Null when a listener can take the port on loopback, else why not.
string TcpPortProblem(int port)
{
    try
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
        return null;
    }
    catch (System.Net.Sockets.SocketException e)
    {
        return e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse ? "already in use" : e.Message;
    }
}

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
    // Memory under web load: 60 clients on /screen.png, RSS idle, at the peak and a minute after (issue 17).
    DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--web-load"), settings);
    // BenchmarkDotNet: decode throughput and allocations.
    DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter *"), settings);
});

RunTarget(target);
