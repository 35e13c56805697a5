using System.Globalization;
using System.Text;
using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Update;

/// <summary>
/// The update that was switched to but has not yet proved itself: <c>update-pending</c> in the install root, plain
/// <c>key=value</c> lines so that the shell guard (<c>image/pi/fbdisplay-guard.sh</c>, systemd's ExecStartPre) can read
/// and count it too. <see cref="Starts"/> is counted by the app itself, <see cref="GuardStarts"/> by the guard.
/// </summary>
public sealed record PendingUpdate(string From, string To, DateTimeOffset SwitchedAt, int Starts, int GuardStarts)
{
    public static PendingUpdate? TryRead(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        if (!values.TryGetValue("from", out string? from) || !values.TryGetValue("to", out string? to)
            || !values.TryGetValue("switched", out string? switched)
            || !long.TryParse(switched, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long unix))
        {
            return null; // a torn or foreign file: treated as no pending update (it is rewritten whole, so this is rare)
        }

        return new PendingUpdate(from, to, DateTimeOffset.FromUnixTimeSeconds(unix), Count(values, "starts"), Count(values, "guard_starts"));
    }

    public void Write(string path)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"from={From}\nto={To}\nswitched={SwitchedAt.ToUnixTimeSeconds()}\nstarts={Starts}\nguard_starts={GuardStarts}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static int Count(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out string? s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
}
