namespace FbDisplay.Linux.Tests.Input;

/// <summary>A pipe whose read end stands in for an evdev node: the test writes recorded events into the other end.</summary>
internal sealed unsafe class EventPipe : IDisposable
{
    private readonly SafeFd _write;
    private SafeFd? _read;

    public EventPipe()
    {
        int* fds = stackalloc int[2];
        if (FbDisplay.Linux.Interop.pipe2(fds, FbDisplay.Linux.Interop.O_CLOEXEC | FbDisplay.Linux.Interop.O_NONBLOCK) != 0)
        {
            throw LinuxIoException.FromLastError("pipe", "pipe2");
        }

        _read = Wrap(fds[0]);
        _write = Wrap(fds[1]);
    }

    public SafeFd TakeReadEnd()
    {
        var read = _read ?? throw new InvalidOperationException("The read end was already taken.");
        _read = null;
        return read;
    }

    public void Write(byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            Assert.That((int)FbDisplay.Linux.Interop.write(_write, p, (nuint)bytes.Length), Is.EqualTo(bytes.Length));
        }
    }

    public void CloseWriteEnd() => _write.Dispose();

    public void Dispose()
    {
        _write.Dispose();
        _read?.Dispose();
    }

    private static SafeFd Wrap(int fd) => SafeFd.FromResult(fd);
}
