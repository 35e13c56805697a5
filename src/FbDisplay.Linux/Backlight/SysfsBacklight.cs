using System.Globalization;

namespace FbDisplay.Linux.Backlight;

/// <summary>
/// A display backlight under /sys/class/backlight (the Pi touchscreen's is rpi_backlight or 10-0045):
/// <c>brightness</c> from 0 to <c>max_brightness</c>, and <c>bl_power</c> (0 on, 4 off).
/// </summary>
public sealed class SysfsBacklight
{
    public const string DefaultRoot = "/sys/class/backlight";

    private const int PowerOn = 0;
    private const int PowerDown = 4; // FB_BLANK_POWERDOWN

    private SysfsBacklight(string directory, int maxBrightness)
    {
        Directory = directory;
        MaxBrightness = maxBrightness;
    }

    /// <summary>The device directory, e.g. /sys/class/backlight/rpi_backlight.</summary>
    public string Directory { get; }

    public int MaxBrightness { get; }

    /// <summary>Raw brightness, 0 to <see cref="MaxBrightness"/>; writes are clamped.</summary>
    public int Brightness
    {
        get => ReadInt("brightness");
        set => WriteInt("brightness", Math.Clamp(value, 0, MaxBrightness));
    }

    /// <summary>Brightness as 0 to 100 percent of <see cref="MaxBrightness"/>.</summary>
    public int Percent
    {
        get => (int)Math.Round(Brightness * 100.0 / MaxBrightness);
        set => Brightness = (int)Math.Round(Math.Clamp(value, 0, 100) * MaxBrightness / 100.0);
    }

    /// <summary>Whether the backlight is powered (bl_power); false switches it off without losing the brightness.</summary>
    public bool IsOn
    {
        get => !File.Exists(PathOf("bl_power")) || ReadInt("bl_power") == PowerOn;
        set => WriteInt("bl_power", value ? PowerOn : PowerDown);
    }

    /// <summary>The first backlight under <paramref name="root"/> (sorted by name), or null when there is none.</summary>
    public static SysfsBacklight? Find(string root = DefaultRoot)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        string? first = System.IO.Directory.EnumerateFileSystemEntries(root)
            .Where(d => File.Exists(Path.Combine(d, "max_brightness")))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return first is null ? null : Open(first);
    }

    /// <summary>Opens the backlight in <paramref name="directory"/>; throws if max_brightness is missing or not positive.</summary>
    public static SysfsBacklight Open(string directory)
    {
        string file = Path.Combine(directory, "max_brightness");
        int max = Parse(file, File.ReadAllText(file));
        if (max <= 0)
        {
            throw new IOException($"{file}: max_brightness is {max}; expected a positive number.");
        }

        return new SysfsBacklight(directory, max);
    }

    private string PathOf(string name) => Path.Combine(Directory, name);

    private int ReadInt(string name)
    {
        string file = PathOf(name);
        return Parse(file, File.ReadAllText(file));
    }

    // sysfs attributes take one write of the whole value; File.WriteAllText does exactly that.
    private void WriteInt(string name, int value) =>
        File.WriteAllText(PathOf(name), value.ToString(CultureInfo.InvariantCulture) + "\n");

    private static int Parse(string file, string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new IOException($"{file}: '{text.Trim()}' is not a number.");
}
