using System.Reflection;
using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>The embedded DejaVu typefaces: text looks the same on every machine and never depends on installed fonts.</summary>
public static class Fonts
{
    private static readonly Lazy<SKTypeface> RegularLazy = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> BoldLazy = new(() => Load("DejaVuSans-Bold.ttf"));

    /// <summary>DejaVu Sans. Its digits are all the same width, so changing numbers do not jitter.</summary>
    public static SKTypeface Regular => RegularLazy.Value;

    /// <summary>DejaVu Sans Bold.</summary>
    public static SKTypeface Bold => BoldLazy.Value;

    private static SKTypeface Load(string fileName)
    {
        // The csproj names resources after their folder; match on the file name so either separator works.
        Assembly assembly = typeof(Fonts).Assembly;
        string? name = null;
        foreach (string candidate in assembly.GetManifestResourceNames())
        {
            if (candidate.EndsWith("Fonts." + fileName, StringComparison.Ordinal) || candidate.EndsWith("Fonts/" + fileName, StringComparison.Ordinal))
            {
                name = candidate;
            }
        }

        using Stream stream = (name is null ? null : assembly.GetManifestResourceStream(name))
            ?? throw new InvalidOperationException($"Embedded font {fileName} is missing from {assembly.GetName().Name}.");

        // Skia takes ownership of the stream it is given: hand it a copy so the resource stream can close here.
        var copy = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(copy);
        copy.Position = 0;
        return SKTypeface.FromStream(copy)
            ?? throw new InvalidOperationException($"Embedded font {name} could not be parsed by Skia.");
    }
}
