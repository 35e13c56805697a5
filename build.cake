// FbDisplay build script. Run with: dotnet tool restore && dotnet cake --target=<Target>
//   Build    compile everything (Release)
//   Test     every test project, VM tests included; TRX results in artifacts/test-results
//   Publish  NativeAOT fbdisplay + self-contained simulator for linux-x64 and linux-arm64 in artifacts/publish/<rid>
//            (AOT publishes are cached under ~/.cache/fbdisplay/aot by a hash of their inputs)
//   Demo     the display fed by the simulator (four past days, then real time) on a virtual framebuffer, viewable at http://127.0.0.1:8080/;
//            --web-port=N for another port. Ctrl-C (or a closed terminal) stops both and returns once the app has saved.
//   Bench    the benchmarks that print figures: display engine, JIT vs NativeAOT start to first frame, RSS and CPU
//            with 1 Hz data (one run, budgets beside them), decode; --bench-baseline=REV adds the display engine's
//            figures of REV alternately with this tree's; --bench-quick leaves out the web load and BenchmarkDotNet
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
var benchBaseline = Argument("bench-baseline", "");
var benchQuick = HasArgument("bench-quick");
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

// The VM tests (QEMU boots of the appliance image and the busybox VM) are the longest by far: they start at once in a
// process of their own, and the other test projects run one after another beside them, so the run takes about as long
// as the VM tests (with `dotnet test FbDisplay.sln` they waited for a free slot behind the app tests: 7 more minutes).
// Two test processes at a time, as before on a 2-core machine. Every project's TRX lands in artifacts/test-results.
Task("Test").IsDependentOn("Build").Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var projects = System.Text.RegularExpressions.Regex.Matches(System.IO.File.ReadAllText("FbDisplay.sln"), @"""(tests\\[^""]+\.Tests\.csproj)""")
        .Select(m => root.CombineWithFilePath(m.Groups[1].Value.Replace('\\', '/')))
        .ToList();
    var vmProject = projects.Single(p => p.GetFilenameWithoutExtension().ToString() == "FbDisplay.Vm.Tests");
    DotNetTestSettings Settings(FilePath project) => new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        ResultsDirectory = results,
        Loggers = new[] { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx", "console;verbosity=normal" },
    };

    var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
    void Run(FilePath project)
    {
        try
        {
            DotNetTest(project.FullPath, Settings(project));
        }
        catch (Exception e)
        {
            failed.Add($"{project.GetFilenameWithoutExtension()}: {e.Message}");
        }
    }

    var vm = System.Threading.Tasks.Task.Run(() => Run(vmProject));
    // The longest of the others first, so nothing long is left once the VM tests end.
    string[] first = { "FbDisplay.App.Tests", "FbDisplay.Services.Tests", "FbDisplay.Ui.Tests" };
    foreach (var project in projects.Where(p => p != vmProject).OrderBy(p => Array.IndexOf(first, p.GetFilenameWithoutExtension().ToString()) is var i && i >= 0 ? i : first.Length))
    {
        Run(project);
    }

    vm.Wait();
    if (!failed.IsEmpty)
    {
        throw new Exception("Tests failed: " + string.Join("; ", failed));
    }
});

Task("Publish").Does(() =>
{
    foreach (var rid in rids)
    {
        // The app is NativeAOT (docs/aot.md), from the cache when its inputs have not changed; the simulator stays JIT.
        var output = artifacts.Combine("publish").Combine(rid);
        EnsureDirectoryExists(output);
        CopyDirectory(AotPublish(rid, ""), output);
        DotNetPublish("src/FbDisplay.Simulator/FbDisplay.Simulator.csproj", new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = rid,
            SelfContained = true,
            OutputDirectory = output,
        });
    }
});

// NativeAOT publishes of the app, cached under ~/.cache/fbdisplay/aot by a hash of their inputs: every file git sees
// (tracked or not ignored) under src/ and the build files, the RID, configuration and version. A second Bench, Image
// or Publish with nothing changed reuses the binary instead of spending minutes in the AOT compiler.
DirectoryPath AotPublish(string rid, string version)
{
    var inputs = new List<string>();
    var psi = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = root.FullPath };
    foreach (var a in new[] { "ls-files", "-co", "--exclude-standard", "-z", "src", "Directory.Build.props", "Directory.Packages.props", "global.json", ".config" })
    {
        psi.ArgumentList.Add(a);
    }

    using (var git = System.Diagnostics.Process.Start(psi))
    {
        inputs.AddRange(git.StandardOutput.ReadToEnd().Split('\0', StringSplitOptions.RemoveEmptyEntries));
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new Exception("git ls-files failed: the AOT cache needs the inputs' list.");
        }
    }

    inputs.Sort(StringComparer.Ordinal);
    using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{rid}\n{configuration}\n{version}\n"));
    foreach (var file in inputs)
    {
        var full = root.CombineWithFilePath(file).FullPath;
        if (System.IO.File.Exists(full))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            sha.AppendData(System.IO.File.ReadAllBytes(full));
        }
    }

    var hash = Convert.ToHexString(sha.GetHashAndReset()).Substring(0, 16).ToLowerInvariant();
    var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
    if (string.IsNullOrEmpty(cacheHome))
    {
        cacheHome = System.IO.Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/tmp", ".cache");
    }

    var cached = new DirectoryPath(System.IO.Path.Combine(cacheHome, "fbdisplay", "aot", $"{rid}-{hash}"));
    if (FileExists(cached.CombineWithFilePath("fbdisplay")))
    {
        Information($"AOT {rid}: cached {cached}");
        return cached;
    }

    var staging = new DirectoryPath(cached.FullPath + $".tmp{System.Environment.ProcessId}");
    CleanDirectory(staging);
    var msbuild = new DotNetMSBuildSettings();
    if (version != "")
    {
        msbuild.SetVersion(version);
    }

    if (rid == "linux-arm64" && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.Arm64)
    {
        // Cross-compiling: clang and lld link against Debian's arm64 multiarch libc (docs/aot.md).
        EnsureArm64CrossTools();
        msbuild.WithProperty("LinkerFlavor", "lld").WithProperty("SysRoot", "/").WithProperty("ObjCopyName", "llvm-objcopy");
    }

    var sw = System.Diagnostics.Stopwatch.StartNew();
    DotNetPublish("src/FbDisplay.App/FbDisplay.App.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = rid,
        SelfContained = true,
        OutputDirectory = staging,
        MSBuildSettings = msbuild,
    });
    // The debug symbols stay out of the appliance (they are three times the binary).
    DeleteFiles(GetFiles(staging.FullPath + "/*.dbg"));
    DeleteFiles(GetFiles(staging.FullPath + "/*.pdb"));
    System.IO.Directory.Move(staging.FullPath, cached.FullPath);
    Information($"AOT {rid}: published in {sw.Elapsed.TotalMinutes:0.0} min into {cached}");
    return cached;
}

void EnsureArm64CrossTools()
{
    if (System.IO.File.Exists("/usr/lib/aarch64-linux-gnu/libc.so") && System.IO.File.Exists("/usr/bin/clang") && System.IO.File.Exists("/usr/bin/ld.lld"))
    {
        return;
    }

    Information("Installing the arm64 cross-compile tools (clang, lld, llvm, libc6-dev, libgcc-12-dev, libstdc++-12-dev and zlib1g-dev for arm64) with apt-get");
    foreach (var command in new[] { "dpkg --add-architecture arm64", "apt-get update", "apt-get install -y --no-install-recommends clang lld llvm libc6-dev:arm64 libgcc-12-dev:arm64 libstdc++-12-dev:arm64 zlib1g-dev:arm64" })
    {
        if (StartProcess("sh", new ProcessSettings { Arguments = $"-c \"{command}\"" }) != 0)
        {
            throw new Exception($"'{command}' failed: the arm64 AOT publish needs clang, lld and Debian's arm64 libc (docs/aot.md).");
        }
    }
}

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
    EnsureDirectoryExists(bundle.Combine("app"));
    CopyDirectory(AotPublish(rid, version), bundle.Combine("app"));
    if (publicKey is not null)
    {
        System.IO.File.WriteAllText(bundle.Combine("app").CombineWithFilePath("update-key.pem").FullPath, publicKey);
    }

    CopyFiles(new[] { "image/pi/install.sh", "image/pi/fbdisplay.service", "image/pi/fbdisplay-guard.sh", "image/pi/fbdisplay-polkit.rules", "image/pi/fbdisplay-udev.rules", "image/pi/README.md" }, bundle);
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
        CopyDirectory(AotPublish(rid, version), app);
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
    // JIT vs NativeAOT side by side in one run: start to first frame, RSS at 60 s and CPU with 1 Hz data (docs/aot.md),
    // after the display engine's budgets (render vs full frame, bytes copied, allocations).
    var aot = AotPublish("linux-x64", "");
    var settings = new DotNetRunSettings { Configuration = "Release" };
    StartProcess("uptime");
    DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--budget").Append("--aot-app").AppendQuoted(aot.FullPath), settings);
    if (!benchQuick)
    {
        // Memory under web load: 60 clients on /screen.png, RSS idle, at the peak and a minute after (issue 17).
        DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--web-load"), settings);
    }

    if (benchBaseline != "")
    {
        BenchAgainst(benchBaseline, settings);
    }

    if (!benchQuick)
    {
        // BenchmarkDotNet: decode throughput and allocations.
        DotNetRun("tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter *"), settings);
    }
});

// --bench-baseline=REV: the display engine's figures of this tree and of REV (a worktree under ~/.cache/fbdisplay),
// alternately, five rounds each, so both see the same load; then the ratios against the budgets.
void BenchAgainst(string revision, DotNetRunSettings settings)
{
    string Git(params string[] a)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = root.FullPath };
        foreach (var x in a)
        {
            psi.ArgumentList.Add(x);
        }

        using var p = System.Diagnostics.Process.Start(psi);
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new Exception($"git {string.Join(' ', a)} failed");
        }

        return text;
    }

    var sha = Git("rev-parse", "--verify", revision + "^{commit}");
    var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
    if (string.IsNullOrEmpty(cacheHome))
    {
        cacheHome = System.IO.Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/tmp", ".cache");
    }

    var tree = System.IO.Path.Combine(cacheHome, "fbdisplay", "baseline", sha.Substring(0, 12));
    if (!System.IO.Directory.Exists(tree))
    {
        Git("worktree", "add", "--detach", tree, sha);
    }

    var benchmarks = "tests/FbDisplay.Benchmarks/FbDisplay.Benchmarks.csproj";
    DotNetBuild(System.IO.Path.Combine(tree, benchmarks), new DotNetBuildSettings { Configuration = "Release" });
    DotNetBuild(benchmarks, new DotNetBuildSettings { Configuration = "Release" });
    var dll = "tests/FbDisplay.Benchmarks/bin/Release/net10.0/FbDisplay.Benchmarks.dll";
    var figures = new[]
    {
        ("full frame", @"full frame render \+ flush: median ([0-9.]+) ms", 0.75),
        ("typical tick", @"typical data tick: +median ([0-9.]+) ms", 1.0),
        ("whole second", @"whole second of data [^:]*: median ([0-9.]+) ms", 1.0),
    };
    var theirs = figures.ToDictionary(f => f.Item1, _ => new List<double>());
    var ours = figures.ToDictionary(f => f.Item1, _ => new List<double>());
    var ratios = figures.ToDictionary(f => f.Item1, _ => new List<double>());
    List<double> Run(string directory, string label)
    {
        StartProcess("dotnet", new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().AppendQuoted(System.IO.Path.Combine(directory, dll)).Append("--budget --cpu-seconds 0"),
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
        }, out IEnumerable<string> output);
        var lines = output.ToList();
        foreach (var line in lines)
        {
            Information($"  {label}: {line}");
        }

        return figures.Select(f =>
        {
            var m = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, f.Item2)).FirstOrDefault(x => x.Success)
                ?? throw new Exception($"{label}: no '{f.Item1}' figure in the output");
            return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }).ToList();
    }

    double Median(List<double> v)
    {
        var s = v.OrderBy(x => x).ToList();
        return s[s.Count / 2];
    }

    const int Rounds = 5;
    for (int round = 1; round <= Rounds; round++)
    {
        Information($"-- round {round} of {Rounds}: {revision} ({sha.Substring(0, 12)}), then this tree --");
        var a = Run(tree, revision);
        var b = Run(root.FullPath, "this tree");
        for (int i = 0; i < figures.Length; i++)
        {
            theirs[figures[i].Item1].Add(a[i]);
            ours[figures[i].Item1].Add(b[i]);
            ratios[figures[i].Item1].Add(b[i] / a[i]);
        }
    }

    // Ratios round by round (both builds saw the same load), then their median against the budget.
    Information($"== Display engine: this tree vs {revision}, {Rounds} alternating rounds, medians ==");
    Information($"{"",-14}{revision,14}{"this tree",12}{"ratio",8}   budget");
    foreach (var f in figures)
    {
        double ratio = Median(ratios[f.Item1]);
        Information($"{f.Item1,-14}{Median(theirs[f.Item1]),11:0.000} ms{Median(ours[f.Item1]),9:0.000} ms{ratio,8:0.00}   <= {f.Item3:0.00}x {(ratio <= f.Item3 ? "(within budget)" : "(OVER BUDGET)")}");
    }
}

RunTarget(target);
