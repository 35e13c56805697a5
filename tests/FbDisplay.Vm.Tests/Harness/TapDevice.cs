using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>
/// A host tap device with a private /24 of the test's own (10.213.N.0/24: host .1, guest .2), for traffic QEMU's user
/// networking cannot carry (subnet broadcasts). Created with iproute2 (needs /dev/net/tun and root or CAP_NET_ADMIN);
/// Dispose deletes it. The name carries the creating process id, so <see cref="SweepLeftovers"/> can remove devices a
/// crashed run left behind without touching those of a run still going.
/// </summary>
public sealed class TapDevice : IDisposable
{
    /// <summary>Every device this class creates is named fbdtap&lt;pid&gt;-&lt;n&gt;.</summary>
    public const string NamePrefix = "fbdtap";

    private const string TunPath = "/dev/net/tun";
    private static int _created;
    private bool _disposed;

    private TapDevice(string name, int subnet)
    {
        Name = name;
        HostAddress = IPAddress.Parse($"10.213.{subnet}.1");
        GuestAddress = IPAddress.Parse($"10.213.{subnet}.2");
        BroadcastAddress = IPAddress.Parse($"10.213.{subnet}.255");
    }

    /// <summary>The host interface name (at most 15 characters).</summary>
    public string Name { get; }

    /// <summary>This machine's address on the tap (.1).</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The address the guest gives its second NIC (.2).</summary>
    public IPAddress GuestAddress { get; }

    /// <summary>The subnet broadcast address (.255).</summary>
    public IPAddress BroadcastAddress { get; }

    /// <summary>The guest address with its prefix length, as /init takes it (fbd.tapip=).</summary>
    public string GuestAddressWithPrefix => $"{GuestAddress}/24";

    /// <summary>
    /// Creates the device, gives this machine .1 with the subnet broadcast and brings it up. Throws with the reason
    /// (no /dev/net/tun, not root, no free /24) instead of letting a test skip.
    /// </summary>
    public static TapDevice Create()
    {
        if (!File.Exists(TunPath))
        {
            throw new InvalidOperationException(
                $"{TunPath} is missing: this machine cannot create a tap device, so the subnet broadcast test cannot run "
                + "(load the tun module, or give the CI container /dev/net/tun and CAP_NET_ADMIN)");
        }

        SweepLeftovers();
        var name = $"{NamePrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref _created).ToString(CultureInfo.InvariantCulture)}";
        if (name.Length > 15)
        {
            throw new InvalidOperationException($"tap device name {name} is longer than the kernel's 15 characters");
        }

        var subnet = FreeSubnet();
        Ip($"tuntap add dev {name} mode tap");
        var tap = new TapDevice(name, subnet);
        try
        {
            Ip($"addr add {tap.HostAddress}/24 brd + dev {name}");
            Ip($"link set {name} up");
            return tap;
        }
        catch
        {
            tap.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Deletes fbdtap devices whose creating process is gone (and, with <paramref name="includeOwn"/>, those of this
    /// process too). Returns the names it deleted.
    /// </summary>
    public static IReadOnlyList<string> SweepLeftovers(bool includeOwn = false)
    {
        var deleted = new List<string>();
        if (!Directory.Exists("/sys/class/net"))
        {
            return deleted;
        }

        foreach (var path in Directory.GetDirectories("/sys/class/net", NamePrefix + "*"))
        {
            var name = Path.GetFileName(path);
            var pidText = name[NamePrefix.Length..].Split('-')[0];
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var own = pid == Environment.ProcessId;
            if ((own && includeOwn) || (!own && !Directory.Exists($"/proc/{pid}")))
            {
                if (TryIp($"link del {name}", out _))
                {
                    deleted.Add(name);
                }
            }
        }

        return deleted;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Directory.Exists($"/sys/class/net/{Name}") && !TryIp($"link del {Name}", out var output))
        {
            throw new InvalidOperationException($"cannot delete tap device {Name}: {output}");
        }
    }

    public override string ToString() => $"{Name} {HostAddress}/24";

    /// <summary>A third octet of 10.213.N.0/24 that no address or route of this machine uses, starting at one picked from the process id.</summary>
    private static int FreeSubnet()
    {
        TryIp("-4 -o addr show", out var addresses);
        TryIp("-4 route show table all", out var routes);
        var start = (Environment.ProcessId % 200) + 20;
        for (var i = 0; i < 200; i++)
        {
            var n = 20 + ((start - 20 + i) % 200);
            var prefix = $"10.213.{n.ToString(CultureInfo.InvariantCulture)}.";
            if (!addresses.Contains(prefix, StringComparison.Ordinal) && !routes.Contains(prefix, StringComparison.Ordinal))
            {
                return n;
            }
        }

        throw new InvalidOperationException("no free 10.213.N.0/24 for a tap device:\n" + addresses + routes);
    }

    private static void Ip(string arguments)
    {
        if (!TryIp(arguments, out var output))
        {
            throw new InvalidOperationException(
                $"ip {arguments} failed (creating a tap device needs root or CAP_NET_ADMIN): {output.Trim()}");
        }
    }

    /// <summary>Runs iproute2 with space-separated <paramref name="arguments"/>; false (with its output) when it fails.</summary>
    internal static bool TryIp(string arguments, out string output)
    {
        var psi = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments.Split(' '))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ip (iproute2)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            output = $"ip {arguments} did not finish within 10 s";
            return false;
        }

        output = stdout.Result + stderr.Result;
        return process.ExitCode == 0;
    }
}
