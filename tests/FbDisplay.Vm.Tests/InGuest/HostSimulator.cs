using System.Diagnostics;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// The published fbdisplay-sim running on this machine beside a test (not waited for): its output as lines, so a test
/// can wait for what its controller server applied. Dispose kills it if it is still running.
/// </summary>
public sealed class HostSimulator : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
    private Task _pumps = Task.CompletedTask;

    private HostSimulator(Process process) => _process = process;

    /// <summary>Everything it printed so far (stdout and stderr), one entry per line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public string Transcript => "--- fbdisplay-sim ---\n" + string.Join('\n', Lines);

    /// <summary>Starts <c>fbdisplay-sim</c> from <paramref name="appDirectory"/> with exactly <paramref name="arguments"/>.</summary>
    public static HostSimulator Start(string appDirectory, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo(Path.Combine(appDirectory, "fbdisplay-sim"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start fbdisplay-sim");
        var sim = new HostSimulator(process);
        sim._pumps = Task.WhenAll(sim.PumpAsync(process.StandardOutput), sim.PumpAsync(process.StandardError));
        return sim;
    }

    /// <summary>Waits for a line that matches (earlier lines count); throws <see cref="TimeoutException"/> with the output.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout);
        var index = 0;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (; index < _lines.Count; index++)
                {
                    if (match(_lines[index]))
                    {
                        return _lines[index];
                    }
                }

                if (_closed)
                {
                    throw new TimeoutException($"fbdisplay-sim ended before the expected line\n{Transcript}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no expected line from fbdisplay-sim within {timeout.TotalSeconds:0.#} s\n{Transcript}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        await _pumps.WaitAsync(cts.Token);
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                Signal(() => _lines.Add(line));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        finally
        {
            Signal(() => _closed = _closed || reader == _process.StandardOutput);
        }
    }

    private void Signal(Action change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
