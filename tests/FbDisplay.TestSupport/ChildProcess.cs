using System.Collections.Concurrent;
using System.Diagnostics;

namespace FbDisplay.TestSupport;

/// <summary>
/// A program of ours (fbdisplay, fbdisplay-sim) run as a separate process through `dotnet`, with its output captured
/// line by line so a test can wait for what it prints. Killed on dispose.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += OnLine;
        _process.ErrorDataReceived += OnLine;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyCollection<string> Lines => _lines;

    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// The environment variable naming a published app directory (the NativeAOT publish, docs/aot.md): when set, every
    /// test that starts fbdisplay.dll runs that directory's native <c>fbdisplay</c> instead, so the same tests check the
    /// appliance build.
    /// </summary>
    public const string AppDirectoryVariable = "FBD_APP_DIR";

    /// <summary>
    /// Starts `dotnet &lt;dll&gt; args` where the dll sits next to the test assembly; for fbdisplay.dll with
    /// <see cref="AppDirectoryVariable"/> set, that directory's native fbdisplay.
    /// </summary>
    public static ChildProcess StartDll(string dllName, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        string? appDirectory = Environment.GetEnvironmentVariable(AppDirectoryVariable);
        ProcessStartInfo psi;
        if (dllName == "fbdisplay.dll" && !string.IsNullOrEmpty(appDirectory))
        {
            string native = Path.Combine(appDirectory, "fbdisplay");
            if (!File.Exists(native))
            {
                throw new FileNotFoundException($"{AppDirectoryVariable}={appDirectory} holds no fbdisplay binary; publish it first (docs/aot.md).", native);
            }

            psi = new ProcessStartInfo(native);
        }
        else
        {
            string dll = Path.Combine(AppContext.BaseDirectory, dllName);
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"{dllName} is not next to the tests; is the project referenced?", dll);
            }

            psi = new ProcessStartInfo("dotnet");
            psi.ArgumentList.Add(dll);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        foreach ((string k, string v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return new ChildProcess(Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {dllName}"));
    }

    /// <summary>Waits until a line containing <paramref name="text"/> appears; throws with the output so far on timeout.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            string? hit = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Process exited ({_process.ExitCode}) before printing '{text}'. Output:\n{Output}");
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No line with '{text}' within {timeout}. Output:\n{Output}");
            }
        }
    }

    /// <summary>SIGKILL: no chance to flush anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, then wait for a clean exit.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        return Signal(Posix.SigTerm, timeout);
    }

    /// <summary>SIGHUP, as a closed terminal sends it, then wait for the exit.</summary>
    public bool HangUp(TimeSpan timeout) => Signal(Posix.SigHup, timeout);

    /// <summary>SIGINT, as Ctrl-C sends it, then wait for the exit.</summary>
    public bool Interrupt(TimeSpan timeout) => Signal(Posix.SigInt, timeout);

    private bool Signal(int signal, TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        _ = Posix.Kill(_process.Id, signal);

        // The parameterless wait also drains the redirected output, so the last lines are in Lines.
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>Resident set size in bytes, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>User + system CPU time consumed so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void OnLine(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            _lines.Enqueue(e.Data);
            _lineArrived.Release();
        }
    }
}
