using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>
/// One boot of the test VM (image/vm/run-vm.sh): the serial console as lines, QMP, forwarded ports.
/// Dispose kills QEMU if the guest has not powered off by itself.
/// </summary>
public sealed class VmInstance : IAsyncDisposable
{
    /// <summary>Printed by the guest's /init when the command is about to start, followed by the guest uptime.</summary>
    public const string ReadyMarker = "FBD-READY";

    /// <summary>Printed by the guest's /init when the command ended, followed by its exit code.</summary>
    public const string ExitMarker = "FBD-EXIT";

    public const int ScreenWidth = 800;
    public const int ScreenHeight = 480;

    private readonly Process _process;
    private readonly string _tempDirectory;
    private readonly Lock _lock = new();
    private readonly List<string> _serial = [];
    private readonly List<string> _stderr = [];
    private readonly Dictionary<(VmProtocol, int), int> _hostPorts;
    private readonly long _startedAt;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _serialClosed;
    private Task _stdoutPump = Task.CompletedTask;
    private Task _stderrPump = Task.CompletedTask;
    private QmpClient? _qmp;

    private VmInstance(Process process, string tempDirectory, Dictionary<(VmProtocol, int), int> hostPorts, long startedAt)
    {
        _process = process;
        _tempDirectory = tempDirectory;
        _hostPorts = hostPorts;
        _startedAt = startedAt;
    }

    public QmpClient Qmp => _qmp ?? throw new InvalidOperationException("QMP is not connected");

    /// <summary>Host time from starting QEMU to the ready marker.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>Guest uptime (seconds since the kernel started) when /init printed the ready marker.</summary>
    public double GuestUptimeAtReady { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The serial console so far, one entry per line, without line ends.</summary>
    public IReadOnlyList<string> SerialLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _serial];
            }
        }
    }

    /// <summary>Serial console and QEMU's stderr, for assertion messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_lock)
            {
                var text = "--- serial ---\n" + string.Join('\n', _serial);
                return _stderr.Count == 0 ? text : text + "\n--- qemu stderr ---\n" + string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Boots a payload: shares <paramref name="appDirectory"/> at /app and runs <paramref name="command"/>.</summary>
    public static Task<VmInstance> StartAsync(string appDirectory, string command, CancellationToken cancellationToken = default) =>
        StartAsync(new VmOptions { AppDirectory = appDirectory, Command = command }, cancellationToken);

    /// <summary>Starts QEMU, connects QMP and waits for the ready marker.</summary>
    public static async Task<VmInstance> StartAsync(VmOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Unix socket paths are limited to 108 bytes: keep the directory short.
        var temp = Path.Combine("/tmp", $"fbd-vm-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(temp);
        var qmpPath = Path.Combine(temp, "qmp.sock");

        var hostPorts = new Dictionary<(VmProtocol, int), int>();
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = psi.ArgumentList;
        args.Add(VmImage.RunScript);
        Add(args, "--qmp", qmpPath);
        Add(args, "--udp-port", "0");
        Add(args, "--http-port", "0");
        Add(args, "--mem", options.MemoryMegabytes.ToString(CultureInfo.InvariantCulture));
        Add(args, "--smp", options.Cpus.ToString(CultureInfo.InvariantCulture));
        if (options.AppDirectory is not null)
        {
            Add(args, "--app", options.AppDirectory);
        }

        if (options.DataDirectory is not null)
        {
            Add(args, "--data", options.DataDirectory);
        }

        foreach (var share in options.Shares)
        {
            Add(args, "--share", $"{share.Tag}={share.HostPath}{(share.ReadOnly ? ":ro" : "")}");
        }

        if (options.Command is not null)
        {
            Add(args, "--run", options.Command);
        }

        foreach (var (name, value) in options.Environment)
        {
            Add(args, "--env", $"{name}={value}");
        }

        if (options.KernelArguments.Count > 0)
        {
            Add(args, "--append", string.Join(' ', options.KernelArguments));
        }

        foreach (var forward in options.Forwards)
        {
            var hostPort = forward.HostPort != 0 ? forward.HostPort : FreePort(forward.Protocol);
            hostPorts[(forward.Protocol, forward.GuestPort)] = hostPort;
            Add(args, "--fwd", $"{(forward.Protocol == VmProtocol.Tcp ? "tcp" : "udp")}:{hostPort}:{forward.GuestPort}");
        }

        if (options.Tap is not null)
        {
            Add(args, "--tap", options.Tap.Name);
            Add(args, "--tap-ip", options.Tap.GuestAddressWithPrefix);
        }

        foreach (var drive in options.Drives)
        {
            Add(args, "--drive", drive);
        }

        if (options.SerialLogPath is not null)
        {
            Add(args, "--serial-log", options.SerialLogPath);
        }

        if (options.UseCompressedKernel)
        {
            args.Add("--vmlinuz");
        }

        if (options.Arguments.Count > 0)
        {
            args.Add("--");
            foreach (var a in options.Arguments)
            {
                args.Add(a);
            }
        }

        var startedAt = TimeProvider.System.GetTimestamp();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start run-vm.sh");
        var vm = new VmInstance(process, temp, hostPorts, startedAt);
        vm._stdoutPump = vm.PumpAsync(process.StandardOutput, isSerial: true);
        vm._stderrPump = vm.PumpAsync(process.StandardError, isSerial: false);
        try
        {
            vm._qmp = await QmpClient.ConnectAsync(qmpPath, TimeSpan.FromSeconds(15), cancellationToken);
            var ready = await vm.WaitForLineAsync(l => l.StartsWith(ReadyMarker, StringComparison.Ordinal), options.ReadyTimeout, cancellationToken: cancellationToken);
            vm.TimeToReady = TimeProvider.System.GetElapsedTime(startedAt);
            var parts = ready.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var uptime))
            {
                vm.GuestUptimeAtReady = uptime;
            }

            return vm;
        }
        catch (Exception e)
        {
            var transcript = vm.Transcript;
            await vm.DisposeAsync();
            throw new InvalidOperationException($"VM did not become ready: {e.Message}\n{transcript}", e);
        }
    }

    /// <summary>The host port (on 127.0.0.1) that reaches <paramref name="guestPort"/> in the guest.</summary>
    public int HostPort(VmProtocol protocol, int guestPort) =>
        _hostPorts.TryGetValue((protocol, guestPort), out var port)
            ? port
            : throw new ArgumentException($"{protocol} guest port {guestPort} is not forwarded", nameof(guestPort));

    /// <summary>
    /// Waits for a serial line that matches, searching from line <paramref name="fromLine"/> (earlier lines count too).
    /// Throws <see cref="TimeoutException"/> with the transcript when none comes in time or the console closes.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int fromLine = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var index = fromLine;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (; index < _serial.Count; index++)
                {
                    if (match(_serial[index]))
                    {
                        return _serial[index];
                    }
                }

                if (_serialClosed)
                {
                    throw new TimeoutException($"QEMU exited before the expected serial line\n{Transcript}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no expected serial line within {timeout.TotalSeconds:0.#} s\n{Transcript}");
            }
        }
    }

    /// <summary>Waits for a line starting with <paramref name="prefix"/>.</summary>
    public Task<string> WaitForLineAsync(string prefix, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), timeout, 0, cancellationToken);

    /// <summary>Types a line on the serial console (the guest command's stdin).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the guest command to end and QEMU to exit; returns the command's exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var line = await WaitForLineAsync(ExitMarker + " ", timeout, cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        return int.Parse(line.AsSpan(ExitMarker.Length + 1), NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>Screendump of the VGA display.</summary>
    public Task<PpmImage> ScreenshotAsync(CancellationToken cancellationToken = default) => Qmp.ScreenshotAsync(cancellationToken);

    /// <summary>
    /// Takes screendumps until one satisfies <paramref name="done"/> or the timeout passes; returns the last one either way.
    /// Needed because fbdev writes reach the VGA memory through the DRM shadow buffer's deferred flush (tens of ms).
    /// </summary>
    public async Task<PpmImage> WaitForScreenAsync(Func<PpmImage, bool> done, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var shot = await ScreenshotAsync(cancellationToken);
            if (done(shot) || TimeProvider.System.GetElapsedTime(start) >= timeout)
            {
                return shot;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>A touch at a screen pixel, through the virtio tablet.</summary>
    public Task TapAsync(int x, int y, CancellationToken cancellationToken = default) =>
        Qmp.TapAsync(x, y, ScreenWidth, ScreenHeight, cancellationToken);

    /// <summary>Host time since QEMU started.</summary>
    public TimeSpan Elapsed => TimeProvider.System.GetElapsedTime(_startedAt);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && _qmp is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await _qmp.QuitAsync(cts.Token);
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
            {
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        if (_qmp is not null)
        {
            await _qmp.DisposeAsync();
        }

        await Task.WhenAll(_stdoutPump, _stderrPump);
        _process.Dispose();
        try
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Add(System.Collections.ObjectModel.Collection<string> args, string option, string value)
    {
        args.Add(option);
        args.Add(value);
    }

    internal static int FreePort(VmProtocol protocol)
    {
        using var socket = protocol == VmProtocol.Tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task PumpAsync(StreamReader reader, bool isSerial)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                TaskCompletionSource changed;
                lock (_lock)
                {
                    (isSerial ? _serial : _stderr).Add(line);
                    changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed.TrySetResult();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        finally
        {
            if (isSerial)
            {
                TaskCompletionSource changed;
                lock (_lock)
                {
                    _serialClosed = true;
                    changed = _changed;
                }

                changed.TrySetResult();
            }
        }
    }
}
