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
        string name = "FbDisplay.Ui.Assets.Fonts." + fileName;
        using Stream stream = typeof(Fonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font {name} is missing from {typeof(Fonts).Assembly.GetName().Name}.");

        // FromStream with a managed stream keeps a reference to it; copy into SKData so the stream can be closed.
        using SKData data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Embedded font {name} could not be parsed by Skia.");
    }
}
