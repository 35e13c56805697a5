using System.Globalization;

namespace FbDisplay.Services.Udp;

/// <summary>Reads the per-socket "drops" column of /proc/net/udp, so kernel-side losses show in the counters too.</summary>
internal static class ProcNetUdp
{
    public static long ReadDrops(int localPort, string path = "/proc/net/udp")
    {
        try
        {
            string portHex = localPort.ToString("X4", CultureInfo.InvariantCulture);
            long drops = 0;
            foreach (string line in File.ReadLines(path).Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode ref pointer drops
                if (f.Length >= 13 && f[1].EndsWith(":" + portHex, StringComparison.Ordinal)
                    && long.TryParse(f[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out long d))
                {
                    drops += d;
                }
            }

            return drops;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
