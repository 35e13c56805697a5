using System.Text;

namespace FbDisplay.App;

/// <summary>The About panel's text: it does not wrap by itself, so lines are wrapped at words here.</summary>
public static class AboutText
{
    /// <summary>About's panel fits about this many characters per line.</summary>
    public const int LineChars = 38;

    /// <summary>Lines (each starting with '\n') for the running update's stage, else the last update's outcome, else none.</summary>
    public static string UpdateLines(string? runningStage, string? lastOutcome) => (runningStage, lastOutcome) switch
    {
        (null, null) => "",
        (null, { } m) => Wrap(m),
        ({ } s, _) => Wrap("Update: " + s),
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
}
