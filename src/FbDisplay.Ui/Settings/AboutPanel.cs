using System.Text;
using FbDisplay.Core.Can;
using FbDisplay.Core.Text;

namespace FbDisplay.Ui.Settings;

/// <summary>What the About panel tells: the app's figures, put in words by <see cref="AboutPanel.Text"/>.</summary>
/// <param name="Rejections">Frames rejected by reason, only the reasons seen.</param>
/// <param name="UpdateStage">This run's update: its stage while it runs, then its outcome; or null.</param>
/// <param name="UpdateOutcome">The outcome kept over the last restart, or null.</param>
/// <param name="LogError">Why PowerSafe100.log cannot be written (the system's words), or null.</param>
public sealed record AboutFacts(
    string Version,
    TimeSpan Uptime,
    long Received,
    long Accepted,
    long Dropped,
    long Rejected,
    IReadOnlyList<(FrameRejectReason Reason, long Count)> Rejections,
    long LogLines,
    Say? UpdateStage = null,
    Say? UpdateOutcome = null,
    string? LogError = null);

/// <summary>The About panel's text in one language: it does not wrap by itself, so long lines are wrapped at words here.</summary>
public static class AboutPanel
{
    /// <summary>About's panel fits about this many characters per line.</summary>
    public const int LineChars = 44;

    /// <summary>
    /// One fact per line, at most seven lines (what the panel holds): the rejections by their most frequent reason only
    /// (every reason is in /metrics), the update's words on at most two lines.
    /// </summary>
    public static string Text(AboutFacts facts, DisplayLanguage language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var sb = new StringBuilder();
        TimeSpan up = facts.Uptime;
        sb.Append(Say.Of(Tx.AboutUp, facts.Version, (int)up.TotalDays, up.Hours, up.Minutes).In(language));
        Line(sb, Say.Of(Tx.AboutReceived, facts.Received), language);
        Line(sb, Say.Of(Tx.AboutAccepted, facts.Accepted, facts.Dropped), language);
        (FrameRejectReason Reason, long Count)? most = null;
        foreach ((FrameRejectReason reason, long count) in facts.Rejections)
        {
            if (count > 0 && (most is null || count > most.Value.Count))
            {
                most = (reason, count);
            }
        }

        Line(sb, most is { } m ? Say.Of(Tx.AboutRejectedMost, facts.Rejected, Tx.RejectReason(m.Reason)) : Say.Of(Tx.AboutRejected, facts.Rejected), language);
        Line(sb, Say.Of(Tx.AboutLogLines, facts.LogLines), language);
        sb.Append(UpdateLines(facts.UpdateStage, facts.UpdateOutcome, language));
        if (facts.LogError is { } error)
        {
            sb.Append(Wrap(Say.Of(Tx.AboutLogError, error).In(language)));
        }

        return sb.ToString();
    }

    /// <summary>Lines (each starting with '\n') for this run's update ("Update: …"), else the outcome kept over the restart, else none.</summary>
    public static string UpdateLines(Say? runningStage, Say? lastOutcome, DisplayLanguage language) => (runningStage, lastOutcome) switch
    {
        (null, null) => "",
        (null, { } m) => Wrap(m.In(language)),
        ({ } s, _) => Wrap(Say.Of(Tx.SystemUpdateStage, s).In(language)),
    };

    /// <summary>Wraps <paramref name="text"/> at words to lines of at most <see cref="LineChars"/>, each starting with '\n'.</summary>
    public static string Wrap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder();
        int lineLength = LineChars;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineLength + 1 + word.Length > LineChars)
            {
                sb.Append('\n').Append(word);
                lineLength = word.Length;
            }
            else
            {
                sb.Append(' ').Append(word);
                lineLength += 1 + word.Length;
            }
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, Say line, DisplayLanguage language) => sb.Append('\n').Append(line.In(language));
}
