using FbDisplay.Core.Text;

namespace FbDisplay.App;

/// <summary>
/// The last update's outcome is kept over a restart as one English sentence in <c>update-message</c>: written by this
/// app (a rollback at start, a restart without a network), by the ExecStartPre guard (image/pi/fbdisplay-guard.sh) or by
/// an older version. The journal has that sentence whole (UpdateModule writes it at start); for the message line the
/// sentences of known shape are read back into short catalogue rows with their versions, in the display's language
/// (the reason stays in the journal); any other sentence is shown as it was written.
/// </summary>
internal static class UpdateWords
{
    private const string UpdateTo = "Update to ";
    private const string Failed = " failed (";
    private const string RolledBack = "); rolled back to ";
    private const string NoLongerInstalled = " is no longer installed: cannot roll back.";

    /// <summary>The sentence in the display's language where its shape is known; else <see cref="Say.Plain"/>.</summary>
    public static Say Read(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        string s = stored.Trim();
        if (s == Tx.UpdateUnreachable[DisplayLanguage.English])
        {
            return Say.Of(Tx.NoticeUpdateUnreachable);
        }

        if (s.StartsWith("Updated from ", StringComparison.Ordinal) && s.EndsWith('.')
            && s["Updated from ".Length..^1].Split(" to ") is [var from, var to] && IsVersion(from) && IsVersion(to))
        {
            return Say.Of(Tx.UpdateUpdatedFrom, from, to);
        }

        if (!s.StartsWith(UpdateTo, StringComparison.Ordinal) || s.IndexOf(Failed, StringComparison.Ordinal) is not (> 0 and var failed))
        {
            return Say.Plain(s);
        }

        string version = s[UpdateTo.Length..failed];
        string rest = s[(failed + Failed.Length)..];
        if (rest.EndsWith('.') && rest.LastIndexOf(RolledBack, StringComparison.Ordinal) is > 0 and var back
            && rest[(back + RolledBack.Length)..^1] is var previous && IsVersion(version) && IsVersion(previous))
        {
            return Say.Of(Tx.UpdateRolledBack, version, previous);
        }

        if (rest.EndsWith(NoLongerInstalled, StringComparison.Ordinal) && rest.LastIndexOf("), and ", StringComparison.Ordinal) is > 0 and var and
            && rest[(and + "), and ".Length)..^NoLongerInstalled.Length] is var gone && IsVersion(version) && IsVersion(gone))
        {
            return Say.Of(Tx.UpdateCannotRollBack, version, gone);
        }

        return Say.Plain(s);
    }

    private static bool IsVersion(string v) => v.Length is > 0 and <= 40 && !v.Contains(' ', StringComparison.Ordinal);
}
