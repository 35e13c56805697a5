using System.Runtime.InteropServices;
using System.Threading.Channels;
using FbDisplay.Core.Input;

namespace FbDisplay.Linux.Input;

/// <summary>
/// Reads a touchscreen (evdev) on its own thread and writes <see cref="TouchEvent"/>s to a channel. Finds the
/// device, survives it vanishing and returning (retrying on a TimeProvider backoff), and stops promptly on Dispose.
/// </summary>
public sealed class EvDevTouchSource : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly TouchOptions _options;
    private readonly ChannelWriter<TouchEvent> _writer;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Func<EvDevDevice?> _find;
    private readonly ReaderLoop? _loop;
    private volatile string? _lastError;
    private volatile string? _device;

    /// <summary>Starts reading at once (unless the device is <c>none</c>); problems go to <paramref name="log"/> and <see cref="LastError"/>.</summary>
    public EvDevTouchSource(TouchOptions options, ChannelWriter<TouchEvent> writer, TimeProvider time, Action<string>? log = null)
        : this(options, writer, time, log, find: null)
    {
    }

    internal EvDevTouchSource(
        TouchOptions options, ChannelWriter<TouchEvent> writer, TimeProvider time, Action<string>? log, Func<EvDevDevice?>? find)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _writer = writer;
        _time = time;
        _log = log ?? (_ => { });
        _find = find ?? Find;
        if (options.IsDisabled)
        {
            return;
        }

        _loop = new ReaderLoop("evdev touch", time, new Backoff(FirstRetry, LastRetry), Run, Report);
        _loop.Start();
    }

    /// <summary>"/dev/input/event0 (raspberrypi-ts)" while a device is open; null otherwise.</summary>
    public string? Device => _device;

    public bool IsConnected => _device is not null;

    /// <summary>The most recent problem, for the About panel; null until one happens.</summary>
    public string? LastError => _lastError;

    /// <summary>How many times the reader has tried to find and open a device.</summary>
    internal int Attempts => _loop?.Attempts ?? 0;

    public void Dispose() => _loop?.Dispose();

    private void Report(string message)
    {
        _lastError = message;
        _log(message);
    }

    private EvDevDevice? Find()
    {
        if (!_options.IsAuto)
        {
            return EvDevDevice.TryOpen(_options.Device, _options.Grab)
                ?? throw new LinuxIoException($"{_options.Device}: reports no absolute X/Y axes; not a touchscreen.");
        }

        if (!Directory.Exists(_options.InputDirectory))
        {
            throw new LinuxIoException($"{_options.InputDirectory}: no such directory; no touchscreen to scan for.");
        }

        string? firstError = null;
        foreach (string node in EvDevDevice.EventNodes(_options.InputDirectory))
        {
            try
            {
                var device = EvDevDevice.TryOpen(node, _options.Grab);
                if (device is not null)
                {
                    return device;
                }
            }
            catch (LinuxIoException e)
            {
                firstError ??= e.Message;
            }
        }

        throw new LinuxIoException(
            $"{_options.InputDirectory}: no event device with absolute X/Y axes" + (firstError is null ? "." : $"; {firstError}"));
    }

    private unsafe void Run(ReaderLoop loop)
    {
        using var device = _find() ?? throw new LinuxIoException("No touch device.");
        var mapper = new TouchMapper(device.X, device.Y, _options.PanelWidth, _options.PanelHeight, _options.Rotation, _options.Calibration);
        var decoder = new EvDevTouchDecoder(sizeof(Interop.input_event), mapper);
        var events = new List<TouchEvent>();
        _device = $"{device.Path} ({device.Name})";
        _log($"Touch: {_device}, X {device.X.Minimum}..{device.X.Maximum}, Y {device.Y.Minimum}..{device.Y.Maximum}");
        loop.Connected();
        var buffer = new byte[64 * sizeof(Interop.input_event)];
        try
        {
            while (loop.WaitForInput(device.Fd, device.Path))
            {
                nint n;
                fixed (byte* p = buffer)
                {
                    n = Interop.read(device.Fd, p, (nuint)buffer.Length);
                }

                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno is Interop.EAGAIN or Interop.EINTR)
                    {
                        continue;
                    }

                    throw new LinuxIoException(device.Path, "read", errno); // ENODEV: unplugged
                }

                if (n == 0)
                {
                    throw new LinuxIoException($"{device.Path}: end of file; the device went away.");
                }

                long now = _time.GetTimestamp();
                decoder.Decode(buffer.AsSpan(0, (int)n), now, events);
                if (decoder.ResyncRequested)
                {
                    decoder.ApplyKeyState(device.IsTouching(), now, events);
                }

                Publish(events);
            }
        }
        finally
        {
            _device = null;
            decoder.Release(_time.GetTimestamp(), events); // never leave a button pressed on the UI
            Publish(events);
        }
    }

    private void Publish(List<TouchEvent> events)
    {
        foreach (var e in events)
        {
            _writer.TryWrite(e);
        }

        events.Clear();
    }
}
