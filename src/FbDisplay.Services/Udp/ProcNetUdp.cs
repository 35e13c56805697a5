using System.Globalization;

namespace FbDisplay.Services.Udp;

/// <summary>
/// Reads /proc/net/udp and udp6: the kernel's per-socket drops, and which other sockets are bound to our port (with
/// their owner), since SO_REUSEADDR lets another local process take our unicast datagrams unseen.
/// </summary>
internal static class ProcNetUdp
{
    private static readonly string[] Tables = ["/proc/net/udp", "/proc/net/udp6"];

    /// <summary>Kernel drops of the socket <paramref name="ownInode"/> (every socket on the port when 0).</summary>
    public static long ReadDrops(int localPort, long ownInode = 0, string path = "/proc/net/udp")
    {
        long drops = 0;
        foreach (Entry e in Read(localPort, [path]))
        {
            if (ownInode == 0 || e.Inode == ownInode)
            {
                drops += e.Drops;
            }
        }

        return drops;
    }

    /// <summary>Every socket bound to <paramref name="localPort"/> except <paramref name="ownInode"/>, described with its owner.</summary>
    public static IReadOnlyList<string> OtherSockets(int localPort, long ownInode, IReadOnlyList<string>? tables = null, string proc = "/proc")
    {
        List<Entry> others = [.. Read(localPort, tables ?? Tables).Where(e => e.Inode != ownInode && e.Inode != 0)];
        if (others.Count == 0)
        {
            return [];
        }

        Dictionary<long, string> owners = ProcessesOwning(others.Select(e => e.Inode).ToHashSet(), proc);
        return [.. others.Select(e => Describe(e, owners))];
    }

    /// <summary>The inode of a socket from its descriptor (/proc/self/fd/N -> socket:[inode]), 0 when unknown.</summary>
    public static long InodeOf(nint fd, string proc = "/proc")
    {
        try
        {
            string? target = new FileInfo($"{proc}/self/fd/{fd.ToString(CultureInfo.InvariantCulture)}").LinkTarget;
            return ParseSocketLink(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string Describe(Entry e, Dictionary<long, string> owners)
    {
        string user = UserName(e.Uid);
        string who = owners.TryGetValue(e.Inode, out string? process) ? process : "a process this user cannot see";
        return $"{who}, user {user}, on {e.LocalAddress}";
    }

    private static long ParseSocketLink(string? target) =>
        target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']')
            && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out long inode)
            ? inode : 0;

    /// <summary>"python3 (pid 1234)" for each wanted inode found among the processes we may look at.</summary>
    private static Dictionary<long, string> ProcessesOwning(HashSet<long> inodes, string proc)
    {
        var found = new Dictionary<long, string>();
        IEnumerable<string> pids;
        try
        {
            pids = Directory.EnumerateDirectories(proc).Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return found;
        }

        foreach (string dir in pids)
        {
            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    long inode = ParseSocketLink(new FileInfo(fd).LinkTarget);
                    if (inode != 0 && inodes.Contains(inode) && !found.ContainsKey(inode))
                    {
                        string comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                        found[inode] = $"{comm} (pid {Path.GetFileName(dir)})";
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that just ended.
            }
        }

        return found;
    }

    private static string UserName(long uid)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] f = line.Split(':');
                if (f.Length > 2 && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out long u) && u == uid)
                {
                    return $"{f[0]} (uid {uid.ToString(CultureInfo.InvariantCulture)})";
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return $"uid {uid.ToString(CultureInfo.InvariantCulture)}";
    }

    private static IEnumerable<Entry> Read(int localPort, IReadOnlyList<string> paths)
    {
        string portHex = ":" + localPort.ToString("X4", CultureInfo.InvariantCulture);
        var entries = new List<Entry>();
        foreach (string path in paths)
        {
            try
            {
                foreach (string line in File.ReadLines(path).Skip(1))
                {
                    string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    // sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode ref pointer drops
                    if (f.Length >= 13 && f[1].EndsWith(portHex, StringComparison.Ordinal))
                    {
                        entries.Add(new Entry(
                            Address(f[1]),
                            long.TryParse(f[7], NumberStyles.Integer, CultureInfo.InvariantCulture, out long uid) ? uid : -1,
                            long.TryParse(f[9], NumberStyles.Integer, CultureInfo.InvariantCulture, out long inode) ? inode : 0,
                            long.TryParse(f[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out long d) ? d : 0));
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No IPv6, or no /proc: nothing to report from this table.
            }
        }

        return entries;
    }

    /// <summary>"0100007F:1964" -> "127.0.0.1:6500"; IPv6 left in the kernel's hex.</summary>
    private static string Address(string hex)
    {
        int colon = hex.IndexOf(':', StringComparison.Ordinal);
        if (colon == 8 && uint.TryParse(hex.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint a)
            && int.TryParse(hex.AsSpan(9), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int port))
        {
            return $"{new System.Net.IPAddress(a)}:{port.ToString(CultureInfo.InvariantCulture)}";
        }

        return hex;
    }

    private readonly record struct Entry(string LocalAddress, long Uid, long Inode, long Drops);
}
