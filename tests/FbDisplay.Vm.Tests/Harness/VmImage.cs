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
        await RunDotnetAsync(
            ["publish", Path.Combine(RepoRoot, projectRelativePath), "-c", "Release", "-r", "linux-x64", "--self-contained",
                "-p:InvariantGlobalization=true", "-o", output, "--disable-build-servers", "-nologo"]);
        return output;
    }

    /// <summary>Runs the dotnet CLI that runs these tests; a failure throws with its output.</summary>
    public static Task<string> RunDotnetAsync(IEnumerable<string> arguments) =>
        RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", arguments, TimeSpan.FromMinutes(10));

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
