using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>
/// One boot of the x86-64 appliance image (image/vm/build-appliance.sh: Debian, systemd, read-only root, data
/// partition, the real fbdisplay.service) under QEMU software emulation, on a copy-on-write overlay of the image so
/// that every boot is a first boot. The serial console carries a root shell from the test overlay
/// (image/vm/appliance-test) for checks; QMP gives touch and screendump.
/// </summary>
public sealed partial class ApplianceVm : IAsyncDisposable
{
    public const string ShellReadyMarker = "FBD-TEST-SHELL-READY";

    [GeneratedRegex(@"^\[\s*\d+\.\d+\] ")]
    private static partial Regex KernelLine();
    private static readonly Lazy<Task<string>> Build = new(() => BuildAsync());

    private readonly Process _process;
    private readonly string _temp;
    private readonly Lock _lock = new();
    private readonly List<string> _serial = [];
    private readonly long _startedAt;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private QmpClient? _qmp;
    private int _command;
    private Dictionary<(VmProtocol, int), int> _hostPorts = [];

    private ApplianceVm(Process process, string temp, long startedAt)
    {
        _process = process;
        _temp = temp;
        _startedAt = startedAt;
    }

    public static string OutputDirectory => Path.Combine(VmImage.ScriptDirectory, "build", "appliance");

    public static string ImagePath => Path.Combine(OutputDirectory, "appliance.img");

    public QmpClient Qmp => _qmp ?? throw new InvalidOperationException("QMP is not connected");

    /// <summary>The host port on 127.0.0.1 that <see cref="ApplianceVmOptions.Forwards"/> forwards to <paramref name="guestPort"/>.</summary>
    public int HostPort(VmProtocol protocol, int guestPort) => _hostPorts[(protocol, guestPort)];

    /// <summary>Host time since QEMU started (with direct kernel boot, about the kernel's start).</summary>
    public TimeSpan Elapsed => TimeProvider.System.GetElapsedTime(_startedAt);

    public string Transcript
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _serial);
            }
        }
    }

    /// <summary>Builds the image once per test run (image/vm/build-appliance.sh); returns its output.</summary>
    public static Task<string> EnsureBuiltAsync() => Build.Value;

    /// <summary>Boots a fresh copy of the image on a disk of <paramref name="diskMegabytes"/> (0: the image's size).</summary>
    public static Task<ApplianceVm> StartAsync(int diskMegabytes = 0, IEnumerable<string>? extraQemuArguments = null, CancellationToken cancellationToken = default) =>
        StartAsync(new ApplianceVmOptions { DiskMegabytes = diskMegabytes, ExtraQemuArguments = [.. extraQemuArguments ?? []] }, cancellationToken);

    /// <summary>Boots the image as <paramref name="options"/> say (a fresh copy-on-write disk unless it names one).</summary>
    public static async Task<ApplianceVm> StartAsync(ApplianceVmOptions options, CancellationToken cancellationToken = default)
    {
        var temp = Path.Combine("/tmp", $"fbd-app-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(temp);
        var disk = options.DiskPath ?? Path.Combine(temp, "disk.qcow2");
        if (options.DiskPath is null || !File.Exists(disk))
        {
            List<string> create = ["create", "-q", "-f", "qcow2", "-b", ImagePath, "-F", "raw", disk];
            if (options.DiskMegabytes > 0)
            {
                create.Add($"{options.DiskMegabytes}M");
            }

            await RunAsync("qemu-img", create, TimeSpan.FromMinutes(1));
        }

        var hostPorts = new Dictionary<(VmProtocol, int), int>();
        var nic = "user,model=virtio-net-pci";
        foreach (var forward in options.Forwards)
        {
            var hostPort = forward.HostPort != 0 ? forward.HostPort : VmInstance.FreePort(forward.Protocol);
            hostPorts[(forward.Protocol, forward.GuestPort)] = hostPort;
            nic += $",hostfwd={(forward.Protocol == VmProtocol.Tcp ? "tcp" : "udp")}:127.0.0.1:{hostPort}-:{forward.GuestPort}";
        }

        var qmpPath = Path.Combine(temp, "qmp.sock");
        var psi = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "-accel", "tcg", "-m", "1024", "-smp", "2", "-nodefaults", "-no-user-config",
            "-kernel", ImagePath + ".vmlinuz", "-initrd", ImagePath + ".initrd",
            "-append", string.Join(' ', [File.ReadAllText(ImagePath + ".cmdline").Trim(), .. options.KernelArguments]),
            "-drive", $"file={disk},format=qcow2,if=virtio,cache={options.DiskCache}",
            "-device", "VGA,xres=800,yres=480", "-device", "virtio-tablet-pci",
            "-nic", nic,
            "-display", "none", "-serial", "stdio",
            "-qmp", $"unix:{qmpPath},server=on,wait=off",
        ];
        foreach (var a in args.Concat(options.ExtraQemuArguments))
        {
            psi.ArgumentList.Add(a);
        }

        var startedAt = TimeProvider.System.GetTimestamp();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu-system-x86_64");
        var vm = new ApplianceVm(process, temp, startedAt) { _hostPorts = hostPorts };
        _ = vm.PumpAsync(process.StandardOutput);
        _ = vm.PumpAsync(process.StandardError);
        try
        {
            vm._qmp = await QmpClient.ConnectAsync(qmpPath, TimeSpan.FromSeconds(15), cancellationToken);
            await vm.WaitForLineAsync(l => l.Contains(ShellReadyMarker, StringComparison.Ordinal), TimeSpan.FromMinutes(4), cancellationToken);
            await vm.RunAsync("stty -echo", cancellationToken: cancellationToken);
            return vm;
        }
        catch (Exception e)
        {
            var transcript = vm.Transcript;
            await vm.DisposeAsync();
            throw new InvalidOperationException($"the appliance VM did not boot to its test shell: {e.Message}\n{transcript}", e);
        }
    }

    /// <summary>Lines on the serial console so far: a <c>from</c> for <see cref="WaitForLineAsync"/>.</summary>
    public int SerialLines
    {
        get
        {
            lock (_lock)
            {
                return _serial.Count;
            }
        }
    }

    /// <summary>After the guest rebooted itself (seen from serial line <paramref name="from"/> on): waits for the new boot's test shell.</summary>
    public async Task WaitForRebootAsync(int from, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await WaitForLineAsync(l => l.Contains(ShellReadyMarker, StringComparison.Ordinal), timeout, cancellationToken, from);
        await RunAsync("stty -echo", cancellationToken: cancellationToken);
    }

    /// <summary>Runs a shell command on the serial console; returns its output and exit code.</summary>
    public async Task<(string Output, int ExitCode)> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var n = Interlocked.Increment(ref _command);
        var begin = $"FBD-BEGIN-{n}";
        var end = $"FBD-END-{n}";
        int from;
        lock (_lock)
        {
            from = _serial.Count;
        }

        // The markers are printed, never typed: the echo of this line (before stty -echo) cannot match them.
        await _process.StandardInput.WriteLineAsync($"printf 'FBD-BEGIN-%s\\n' {n}; {command}; printf 'FBD-END-%s %s\\n' {n} $?");
        await _process.StandardInput.FlushAsync(cancellationToken);
        var last = await WaitForLineAsync(l => l.StartsWith(end + " ", StringComparison.Ordinal), timeout ?? TimeSpan.FromMinutes(2), cancellationToken, from);
        List<string> lines;
        lock (_lock)
        {
            lines = [.. _serial.Skip(from)];
        }

        var start = lines.FindIndex(l => l == begin);
        var stop = lines.FindIndex(l => l.StartsWith(end + " ", StringComparison.Ordinal));
        // The kernel prints its errors on this console too ("[  218.57] FAT-fs (sdb): ..." when a drive is pulled): never a command's output.
        var output = string.Join('\n', lines.Skip(start + 1).Take(stop - start - 1).Where(l => !KernelLine().IsMatch(l)));
        return (output, int.Parse(last[(end.Length + 1)..].Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>Runs a command that must succeed; returns its output.</summary>
    public async Task<string> CheckAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var (output, code) = await RunAsync(command, timeout, cancellationToken);
        return code == 0 ? output : throw new InvalidOperationException($"`{command}` exited {code}:\n{output}");
    }

    /// <summary>
    /// A power cut: QEMU killed with SIGKILL, so nothing the guest had not written through to the disk (with
    /// <see cref="ApplianceVmOptions.DiskCache"/> <c>none</c>: what it had not flushed) survives. Returns the host's UTC
    /// time just before the kill.
    /// </summary>
    public async Task<DateTimeOffset> PowerCutAsync()
    {
        var at = TimeProvider.System.GetUtcNow();
        _process.Kill();
        await _process.WaitForExitAsync();
        return at;
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default, int from = 0)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (var i = from; i < _serial.Count; i++)
                {
                    if (match(_serial[i]))
                    {
                        return _serial[i];
                    }
                }

                from = _serial.Count;
                changed = _changed.Task;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"QEMU exited ({_process.ExitCode})");
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromSeconds(1), cts.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no matching serial line within {timeout.TotalSeconds:0} s");
            }
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _serial.Add(line.TrimEnd('\r'));
                var changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_qmp is not null)
        {
            await _qmp.DisposeAsync();
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    // The app is the VM tests' own cached NativeAOT publish: one AOT compile per source tree for both harnesses.
    private static async Task<string> BuildAsync()
    {
        var app = await VmImage.PublishAsync("src/FbDisplay.App/FbDisplay.App.csproj", "fbdisplay-appliance");
        return await RunAsync("bash", [Path.Combine(VmImage.ScriptDirectory, "build-appliance.sh"), "--app", app, OutputDirectory], TimeSpan.FromMinutes(30));
    }

    private static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (output, code) = await RunHostToolAsync(fileName, arguments, timeout);
        return code == 0 ? output : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {code}:\n{output}");
    }

    /// <summary>Runs a tool on this machine (qemu-img, mcopy, ssh, e2fsck, ...); its stdout and stderr together and its exit code.</summary>
    public static async Task<(string Output, int ExitCode)> RunHostToolAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return ((await stdout + await stderr).Trim(), process.ExitCode);
    }
}

/// <summary>How to boot the appliance image.</summary>
public sealed class ApplianceVmOptions
{
    /// <summary>Size of the fresh disk (0: the image's size); ignored when <see cref="DiskPath"/> exists.</summary>
    public int DiskMegabytes { get; init; }

    /// <summary>A qcow2 overlay to boot from, created on the image when missing and kept afterwards (several boots of one disk).</summary>
    public string? DiskPath { get; init; }

    /// <summary>QEMU's cache mode for the disk: <c>unsafe</c> (fast, the default) or <c>none</c>/<c>directsync</c> (what the guest did not flush is lost when QEMU is killed).</summary>
    public string DiskCache { get; init; } = "unsafe";

    /// <summary>Host 127.0.0.1 ports forwarded to the guest's user-network address (host port 0 picks a free one).</summary>
    public IReadOnlyList<VmPortForward> Forwards { get; init; } = [];

    public IReadOnlyList<string> ExtraQemuArguments { get; init; } = [];

    /// <summary>
    /// Words added to the image's kernel command line, e.g. <c>fbd.test.dm=1</c>: the test overlay then mounts the
    /// data partition through device-mapper (image/vm/appliance-test, system-generators/fbd-test-dm-data).
    /// </summary>
    public IReadOnlyList<string> KernelArguments { get; init; } = [];
}
