using System.Text;

namespace FbDisplay.Core.Text;

/// <summary>
/// One string of the screens or the web page in every language (a row of <see cref="Tx"/>). Placeholders are
/// composite-format holes ("{0} cells"); <see cref="Format"/> parses them once per language so formatting into a
/// span allocates nothing. A missing translation reads as the English one at run time; the tests fail on it.
/// </summary>
public sealed class Text
{
    private readonly string?[] _byLanguage;
    private readonly CompositeFormat?[] _formats = new CompositeFormat?[5];

    /// <summary>Creates a row: a stable key and the text in English, German, Dutch, French and Spanish.</summary>
    public Text(string key, string english, string? german, string? dutch, string? french, string? spanish)
    {
        Key = key;
        _byLanguage = [english, german, dutch, french, spanish];
    }

    /// <summary>The stable id ("main.power_log"): the web page's JSON key and the tests' name for it.</summary>
    public string Key { get; }

    /// <summary>The text in <paramref name="language"/>, English where a translation is missing.</summary>
    public string this[DisplayLanguage language] =>
        _byLanguage[(int)language] is { Length: > 0 } s ? s : _byLanguage[0]!;

    /// <summary>The translation as written, or null when there is none (the catalogue tests).</summary>
    public string? Translation(DisplayLanguage language) => _byLanguage[(int)language];

    /// <summary>The text as a parsed composite format, for <c>span.TryWrite(provider, format, out n, args)</c>.</summary>
    public CompositeFormat Format(DisplayLanguage language) =>
        _formats[(int)language] ??= CompositeFormat.Parse(this[language]);

    /// <summary>
    /// Writes the text with "{0}" and "{1}" replaced by <paramref name="arg0"/> and <paramref name="arg1"/> (spans: no
    /// boxing, no allocation); returns the characters written, cut at the end of <paramref name="into"/>.
    /// </summary>
    public int Fill(Span<char> into, DisplayLanguage language, ReadOnlySpan<char> arg0, ReadOnlySpan<char> arg1 = default)
    {
        ReadOnlySpan<char> t = this[language];
        int n = 0;
        for (int i = 0; i < t.Length; i++)
        {
            ReadOnlySpan<char> put;
            if (t[i] == '{' && i + 2 < t.Length && t[i + 2] == '}' && t[i + 1] is '0' or '1')
            {
                put = t[i + 1] == '0' ? arg0 : arg1;
                i += 2;
            }
            else
            {
                put = t.Slice(i, 1);
            }

            int take = Math.Min(put.Length, into.Length - n);
            put[..take].CopyTo(into[n..]);
            n += take;
        }

        return n;
    }

    /// <inheritdoc/>
    public override string ToString() => Key;
}
