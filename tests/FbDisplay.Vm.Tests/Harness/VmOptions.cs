namespace FbDisplay.Vm.Tests.Harness;

/// <summary>An extra 9p share; the guest mounts it at /mnt/<c>Tag</c>.</summary>
public sealed record VmShare(string Tag, string HostPath, bool ReadOnly = false);

/// <summary>A host port on 127.0.0.1 forwarded to a guest port. Host port 0 picks a free one at start.</summary>
public sealed record VmPortForward(VmProtocol Protocol, int GuestPort, int HostPort = 0);

public enum VmProtocol
{
    Tcp,
    Udp,
}

/// <summary>What to boot: shares, the guest command, its environment, forwarded ports.</summary>
public sealed class VmOptions
{
    /// <summary>Shared read-only as /app (the published app, or test payload scripts).</summary>
    public string? AppDirectory { get; init; }

    /// <summary>Shared read-write as /data; the guest uses a tmpfs when this is null.</summary>
    public string? DataDirectory { get; init; }

    public IReadOnlyList<VmShare> Shares { get; init; } = [];

    /// <summary>Guest command (a path, no spaces), e.g. /app/fbdisplay. Null: an interactive shell on the serial console.</summary>
    public string? Command { get; init; }

    /// <summary>Arguments of <see cref="Command"/> (passed after "--" on the kernel command line: no spaces inside one).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment of the guest command (values without spaces; names without dots).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra kernel command line words, e.g. fbd.ip=... .</summary>
    public IReadOnlyList<string> KernelArguments { get; init; } = [];

    public IReadOnlyList<VmPortForward> Forwards { get; init; } = [];

    /// <summary>Raw disk images attached as virtio disks (/dev/vda, ...); the guest loads virtio_blk itself.</summary>
    public IReadOnlyList<string> Drives { get; init; } = [];

    public int MemoryMegabytes { get; init; } = 1024;

    public int Cpus { get; init; } = 2;

    /// <summary>Boot the bzImage instead of the uncompressed vmlinux (slower; for comparison).</summary>
    public bool UseCompressedKernel { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A second NIC on this host tap device (see <see cref="TapDevice"/>), beside user networking.</summary>
    public TapDevice? Tap { get; init; }

    /// <summary>Also write the serial console to this file (QEMU's chardev logfile).</summary>
    public string? SerialLogPath { get; init; }
}
