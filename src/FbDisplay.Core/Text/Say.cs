namespace FbDisplay.Core.Text;

/// <summary>
/// A sentence for the screen that is also written to the journal: a catalogue row and its arguments, rendered in the
/// display's language for the screen and in English for the journal. Arguments are numbers (formatted with the
/// language's <see cref="LocalFormat"/>), strings (paths, versions, the system's own error text: shown as they are),
/// rows or other sentences (rendered in the same language). A sentence without a row reads the same in every language: what a
/// lower layer said that has no row yet still shows, in English.
/// </summary>
public sealed class Say
{
    private readonly Text? _text;
    private readonly string? _english;
    private readonly object?[] _args;

    private Say(Text? text, string? english, object?[] args) => (_text, _english, _args) = (text, english, args);

    /// <summary>The row this sentence is made from, or null for a plain (untranslated) one.</summary>
    public Text? Row => _text;

    /// <summary>The arguments, in order (tests).</summary>
    public IReadOnlyList<object?> Arguments => _args;

    /// <summary>The journal's words.</summary>
    public string English => In(DisplayLanguage.English);

    /// <summary><paramref name="text"/> with <paramref name="args"/> in its holes.</summary>
    public static Say Of(Text text, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text, null, args);
    }

    /// <summary>
    /// Translated by <paramref name="text"/> on the screen, but in English exactly <paramref name="english"/> (what a
    /// lower layer wrote, with every detail, for the journal and the English screen).
    /// </summary>
    public static Say Of(string english, Text text, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(english);
        ArgumentNullException.ThrowIfNull(text);
        return new(text, english, args);
    }

    /// <summary>Words with no row: the same in every language.</summary>
    public static Say Plain(string english)
    {
        ArgumentNullException.ThrowIfNull(english);
        return new(null, english, []);
    }

    /// <summary>This sentence in <paramref name="language"/>.</summary>
    public string In(DisplayLanguage language)
    {
        if (_text is null || (_english is not null && language == DisplayLanguage.English))
        {
            return _english!;
        }

        if (_args.Length == 0)
        {
            return _text[language];
        }

        object?[] args = new object?[_args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = _args[i] switch
            {
                Say inner => inner.In(language),
                Text row => row[language],
                var a => a,
            };
        }

        return string.Format(LocalFormat.For(language).Numbers, _text.Format(language), args);
    }

    /// <summary>The English words.</summary>
    public override string ToString() => English;
}
