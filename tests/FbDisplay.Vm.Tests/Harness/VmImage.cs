using System.Diagnostics;
using System.Text;
using FbDisplay.TestSupport;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>Where the VM scripts live, and building the VM once per test run.</summary>
public static class VmImage
{
    private static readonly Lazy<Task<string>> Build = new(() => RunBuildAsync());

    /// <summary>The repository root: the first ancestor of the test binaries that holds FbDisplay.sln.</summary>
    public static string RepoRoot { get; } = RepositoryRoot.Find();

    public static string ScriptDirectory => Path.Combine(RepoRoot, "image", "vm");

    public static string RunScript => Path.Combine(ScriptDirectory, "run-vm.sh");

    /// <summary>Runs image/vm/build-vm.sh (idempotent, fast when nothing changed) once; returns its output.</summary>
    public static Task<string> EnsureBuiltAsync() => Build.Value;


    private static Task<string> RunBuildAsync() =>
        RunAsync("bash", [Path.Combine(ScriptDirectory, "build-vm.sh")], TimeSpan.FromMinutes(15));

    /// <summary>
    /// Publishes a project self-contained for linux-x64 with invariant globalization (what the guest can run)
    /// into image/vm/build/publish/NAME and returns that directory, ready to share as /app.
    /// </summary>
    public static async Task<string> PublishAsync(string projectRelativePath, string name)
    {
        var output = Path.Combine(ScriptDirectory, "build", "publish", name);
        if (projectRelativePath.EndsWith("FbDisplay.App.csproj", StringComparison.Ordinal))
        {
            // The app is NativeAOT (docs/aot.md): minutes in the AOT compiler, so the publish is cached by its inputs.
            string cached = await AotPublishAsync(projectRelativePath);
            Directory.CreateDirectory(output);
            foreach (string file in Directory.EnumerateFiles(cached))
            {
                File.Copy(file, Path.Combine(output, Path.GetFileName(file)), overwrite: true);
            }

            return output;
        }

        await RunDotnetAsync(
            ["publish", Path.Combine(RepoRoot, projectRelativePath), "-c", "Release", "-r", "linux-x64", "--self-contained",
                "-p:InvariantGlobalization=true", "-o", output, "--disable-build-servers", "-nologo"]);
        return output;
    }

    /// <summary>
    /// The app's linux-x64 AOT publish in ~/.cache/fbdisplay/aot/vm-HASH, HASH over every file git sees under src/ and
    /// the build files (as build.cake's AotPublish); published there first when missing.
    /// </summary>
    private static async Task<string> AotPublishAsync(string projectRelativePath)
    {
        string list = await RunAsync("git", ["-C", RepoRoot, "ls-files", "-co", "--exclude-standard", "src", "Directory.Build.props", "Directory.Packages.props", "global.json", ".config"], TimeSpan.FromMinutes(1));
        string[] files = list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Array.Sort(files, StringComparer.Ordinal);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes("linux-x64\nRelease\nvm\n"));
        foreach (string file in files)
        {
            string full = Path.Combine(RepoRoot, file);
            if (File.Exists(full))
            {
                sha.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
                sha.AppendData(await File.ReadAllBytesAsync(full));
            }
        }

        string hash = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        string cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
            ? x
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath(), ".cache");
        string cached = Path.Combine(cacheHome, "fbdisplay", "aot", $"vm-{hash}");
        if (File.Exists(Path.Combine(cached, "fbdisplay")))
        {
            return cached;
        }

        string staging = $"{cached}.tmp{Environment.ProcessId}";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        await RunDotnetAsync(
            ["publish", Path.Combine(RepoRoot, projectRelativePath), "-c", "Release", "-r", "linux-x64", "--self-contained",
                "-p:InvariantGlobalization=true", "-o", staging, "--disable-build-servers", "-nologo"]);
        foreach (string debug in Directory.EnumerateFiles(staging).Where(f => f.EndsWith(".dbg", StringComparison.Ordinal) || f.EndsWith(".pdb", StringComparison.Ordinal)))
        {
            File.Delete(debug);
        }

        Directory.Move(staging, cached);
        return cached;
    }

    /// <summary>
    /// Runs the dotnet CLI that runs these tests; a failure throws with its output. A NativeAOT publish on a cold
    /// 2-core machine under load took more than 10 minutes once: 25 is the bound.
    /// </summary>
    public static Task<string> RunDotnetAsync(IEnumerable<string> arguments) =>
        RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", arguments, TimeSpan.FromMinutes(25));

    private static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var what = string.Join(' ', psi.ArgumentList.Prepend(fileName));
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {what}");
        var output = new StringBuilder();
        var lockObj = new Lock();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (lockObj)
                {
                    output.AppendLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish in {timeout.TotalMinutes:0} minutes:\n{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {process.ExitCode}:\n{output}");
        }

        return output.ToString();
    }
}
