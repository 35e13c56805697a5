using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

/// <summary>
/// The thread behind a reader: connect, read until the device fails, wait a backoff from the TimeProvider, connect
/// again; Dispose wakes it at once. Errors are reported, never thrown out of the thread.
/// </summary>
internal sealed class ReaderLoop : IDisposable
{
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly Backoff _backoff;
    private readonly Action<ReaderLoop> _connectAndRead;
    private readonly Action<string> _report;
    private readonly Waker _waker = new();
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _attempts;

    /// <param name="connectAndRead">Runs one connection until it ends; calls <see cref="Connected"/> once it is up.</param>
    public ReaderLoop(string name, TimeProvider time, Backoff backoff, Action<ReaderLoop> connectAndRead, Action<string> report)
    {
        _name = name;
        _time = time;
        _backoff = backoff;
        _connectAndRead = connectAndRead;
        _report = report;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public bool Stopping => _stopping;

    public int Attempts => Volatile.Read(ref _attempts);

    public Waker Waker => _waker;

    public void Start() => _thread.Start();

    /// <summary>The connection is up: the next failure retries after the shortest delay again.</summary>
    public void Connected() => _backoff.Reset();

    /// <summary>Polls <paramref name="fd"/> and the waker; true when the device has input, false when woken to stop.</summary>
    public unsafe bool WaitForInput(SafeFd fd, string path)
    {
        var fds = stackalloc Interop.pollfd[2];
        while (!_stopping)
        {
            fds[0] = new Interop.pollfd { fd = fd.Number, events = Interop.POLLIN };
            fds[1] = new Interop.pollfd { fd = _waker.Fd.Number, events = Interop.POLLIN };
            if (Interop.poll(fds, 2, -1) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interop.EINTR)
                {
                    continue;
                }

                throw new LinuxIoException(path, "poll", errno);
            }

            if (fds[1].revents != 0)
            {
                _waker.Drain();
                continue;
            }

            if ((fds[0].revents & Interop.POLLIN) != 0)
            {
                return true;
            }

            if ((fds[0].revents & (Interop.POLLERR | Interop.POLLHUP | Interop.POLLNVAL)) != 0)
            {
                throw new LinuxIoException($"{path}: device reported an error or hang-up (poll revents 0x{fds[0].revents:x}).");
            }
        }

        return false;
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _waker.Wake();
        if (_thread.IsAlive && _thread != Thread.CurrentThread && !_thread.Join(TimeSpan.FromSeconds(2)))
        {
            _report($"{_name}: reader thread did not stop within 2 s.");
            return; // leave the eventfd open: the thread may still poll it
        }

        _waker.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                _connectAndRead(this);
            }
#pragma warning disable CA1031 // a reader thread must survive anything its device does; it reports and retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                _report(e.Message);
            }

            if (_stopping)
            {
                break;
            }

            var delay = _backoff.Next();
            using var timer = _time.CreateTimer(_ => _waker.Wake(), null, delay, Timeout.InfiniteTimeSpan);
            _waker.Wait();
        }
    }
}
