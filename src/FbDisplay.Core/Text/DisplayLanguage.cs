namespace FbDisplay.Core.Text;

/// <summary>The languages of the screens and the web page (Display:Language). English is the fallback.</summary>
public enum DisplayLanguage
{
    English,
    German,
    Dutch,
    French,
    Spanish,
}

/// <summary>The two-letter codes the settings, the web page and the docs use.</summary>
public static class DisplayLanguages
{
    /// <summary>Every language, in the order of the enum (and of the columns in <see cref="Tx"/>).</summary>
    public static readonly DisplayLanguage[] All = [DisplayLanguage.English, DisplayLanguage.German, DisplayLanguage.Dutch, DisplayLanguage.French, DisplayLanguage.Spanish];

    /// <summary>"en", "de", "nl", "fr", "es".</summary>
    public static string Code(DisplayLanguage language) => language switch
    {
        DisplayLanguage.German => "de",
        DisplayLanguage.Dutch => "nl",
        DisplayLanguage.French => "fr",
        DisplayLanguage.Spanish => "es",
        _ => "en",
    };

    /// <summary>The language's name in itself ("Deutsch"), for menus.</summary>
    public static string NativeName(DisplayLanguage language) => language switch
    {
        DisplayLanguage.German => "Deutsch",
        DisplayLanguage.Dutch => "Nederlands",
        DisplayLanguage.French => "Français",
        DisplayLanguage.Spanish => "Español",
        _ => "English",
    };

    /// <summary>Parses a code ("de", "DE", "de-AT"); false for anything else.</summary>
    public static bool TryParse(string? text, out DisplayLanguage language)
    {
        language = DisplayLanguage.English;
        if (text is null || text.Length < 2)
        {
            return false;
        }

        ReadOnlySpan<char> code = text.AsSpan().Trim();
        if (code.Length > 2 && code[2] is not ('-' or '_'))
        {
            return false;
        }

        foreach (DisplayLanguage l in All)
        {
            if (code.Length >= 2 && code[..2].Equals(Code(l), StringComparison.OrdinalIgnoreCase))
            {
                language = l;
                return true;
            }
        }

        return false;
    }
}
