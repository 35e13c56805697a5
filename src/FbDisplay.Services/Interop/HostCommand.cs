using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace FbDisplay.Services.Interop;

/// <summary>What a host command did: its exit code (-1: not installed, 124: timed out), its output and its error text.</summary>
public readonly record struct HostCommandResult(int Code, string Output, string Error)
{
    public const int NotInstalled = -1;
    public const int TimedOut = 124;

    public bool Ok => Code == 0;

    /// <summary>The first line of the error text, or a line naming the exit code.</summary>
    public string FirstErrorLine(string command) =>
        Error.Trim() is { Length: > 0 } e ? e.Split('\n')[0].Trim() : $"{command} failed (exit {Code.ToString(CultureInfo.InvariantCulture)}).";
}

/// <summary>
/// Runs one of the system's own tools (nmcli, udisksctl, systemctl) with an argument list, never a shell, and a time
/// limit after which the process is killed. Never from the UI thread: the tools talk D-Bus and polkit.
/// </summary>
public static class HostCommand
{
    public static async Task<HostCommandResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan limit, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new Win32Exception($"{file} did not start");
        }
        catch (Win32Exception e)
        {
            return new HostCommandResult(HostCommandResult.NotInstalled, "", $"{file}: {e.Message}");
        }

        using (p)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(limit);
            Task<string> output = p.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> error = p.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return new HostCommandResult(p.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                return new HostCommandResult(HostCommandResult.TimedOut, "", $"{file} took longer than {limit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s.");
            }
        }
    }
}
