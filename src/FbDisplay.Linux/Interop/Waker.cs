namespace FbDisplay.Linux;

/// <summary>
/// An eventfd a reader thread polls next to its device, so Dispose (or a retry timer) can interrupt a blocking poll
/// at once instead of waiting for the next input.
/// </summary>
internal sealed unsafe class Waker : IDisposable
{
    private readonly SafeFd _fd;

    public Waker()
    {
        _fd = Interop.eventfd(0, Interop.EFD_CLOEXEC | Interop.EFD_NONBLOCK);
        if (_fd.IsInvalid)
        {
            var error = LinuxIoException.FromLastError("eventfd", "eventfd");
            _fd.Dispose();
            throw error;
        }
    }

    public SafeFd Fd => _fd;

    public void Wake()
    {
        if (_fd.IsClosed)
        {
            return;
        }

        ulong one = 1;
        _ = Interop.write(_fd, &one, sizeof(ulong));
    }

    public void Drain()
    {
        ulong count;
        _ = Interop.read(_fd, &count, sizeof(ulong));
    }

    /// <summary>Blocks until <see cref="Wake"/> is called (by another thread or a timer), then drains.</summary>
    public void Wait()
    {
        var fds = new Interop.pollfd { fd = _fd.Number, events = Interop.POLLIN };
        while (Interop.poll(&fds, 1, -1) < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Interop.EINTR)
        {
        }

        Drain();
    }

    public void Dispose() => _fd.Dispose();
}
