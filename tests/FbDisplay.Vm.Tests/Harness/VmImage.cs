using System.Diagnostics;
using System.Text;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>Where the VM scripts live, and building the VM once per test run.</summary>
public static class VmImage
{
    private static readonly Lazy<Task<string>> Build = new(() => RunBuildAsync());

    /// <summary>The repository root: the first ancestor of the test binaries that holds FbDisplay.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ScriptDirectory => Path.Combine(RepoRoot, "image", "vm");

    public static string RunScript => Path.Combine(ScriptDirectory, "run-vm.sh");

    /// <summary>Runs image/vm/build-vm.sh (idempotent, fast when nothing changed) once; returns its output.</summary>
    public static Task<string> EnsureBuiltAsync() => Build.Value;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FbDisplay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no FbDisplay.sln above {AppContext.BaseDirectory}");
    }

    private static async Task<string> RunBuildAsync()
    {
        var script = Path.Combine(ScriptDirectory, "build-vm.sh");
        var psi = new ProcessStartInfo("bash")
        {
            ArgumentList = { script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {script}");
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
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 15 minutes:\n{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}:\n{output}");
        }

        return output.ToString();
    }
}
