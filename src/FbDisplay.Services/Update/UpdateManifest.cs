using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FbDisplay.Services.Update;

/// <summary>One file of a release: its path inside the release directory, size, SHA-256 (lower-case hex) and Unix mode.</summary>
public sealed record ManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("mode")] string Mode);

/// <summary>
/// <c>manifest.json</c> of an update bundle: what the release is (version, runtime identifier, settings schema) and every
/// file with its hash. Its exact bytes are what <c>manifest.sig</c> signs (ECDSA P-256, SHA-256, IEEE P1363).
/// </summary>
public sealed record UpdateManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("rid")] string Rid,
    [property: JsonPropertyName("settingsSchema")] int SettingsSchema,
    [property: JsonPropertyName("files")] IReadOnlyList<ManifestFile> Files)
{
    public const int CurrentFormat = 1;

    /// <summary>Sum of the file sizes: what extraction writes.</summary>
    [JsonIgnore]
    public long TotalBytes => Files.Sum(f => f.Size);

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, ManifestJson.Default.UpdateManifest);

    /// <summary>Parses and checks the manifest; throws <see cref="FormatException"/> with a readable reason.</summary>
    public static UpdateManifest Parse(ReadOnlySpan<byte> json)
    {
        UpdateManifest? m;
        try
        {
            m = JsonSerializer.Deserialize(json, ManifestJson.Default.UpdateManifest);
        }
        catch (JsonException e)
        {
            throw new FormatException($"manifest.json does not parse: {e.Message}", e);
        }

        if (m is null || m.Files is null || m.Version is null || m.Rid is null)
        {
            throw new FormatException("manifest.json lacks version, rid or files.");
        }

        if (m.Format != CurrentFormat)
        {
            throw new FormatException($"manifest.json has format {m.Format}; this version reads format {CurrentFormat}.");
        }

        if (!ReleaseVersion.TryParse(m.Version, out _))
        {
            throw new FormatException($"manifest.json names version \"{m.Version}\", which is not a version.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestFile f in m.Files)
        {
            if (!IsSafeRelativePath(f.Path) || !seen.Add(f.Path))
            {
                throw new FormatException($"manifest.json names the file \"{f.Path}\", which is not a plain relative path or is listed twice.");
            }

            if (f.Size < 0 || f.Sha256 is not { Length: 64 } || !int.TryParse(f.Mode, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"manifest.json has a bad size, hash or mode for {f.Path}.");
            }
        }

        return m;
    }

    /// <summary>Unix permissions from the octal text ("755").</summary>
    public static UnixFileMode ParseMode(string octal) =>
        (UnixFileMode)(Convert.ToInt32(octal, 8) & 0x1FF);

    internal static bool IsSafeRelativePath(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] != '/' && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(p => p.Length > 0 && p != "." && p != "..");
}

[JsonSerializable(typeof(UpdateManifest))]
[JsonSerializable(typeof(UpdateFeedDocument))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class ManifestJson : JsonSerializerContext;

/// <summary>
/// A release version: numbers separated by dots, optionally "-prerelease" (which sorts before the release). Build metadata
/// after '+' is ignored. The whole text must match <see cref="StrictPattern"/>: a version becomes a directory name under
/// releases/, so nothing else (a slash, "..", a space, a non-ASCII digit) may pass.
/// </summary>
public sealed partial class ReleaseVersion : IComparable<ReleaseVersion>
{
    /// <summary>One to four ASCII numbers, then SemVer's prerelease and build identifiers (ASCII letters, digits and '-', none empty).</summary>
    public const string StrictPattern = @"\A[0-9]{1,9}(\.[0-9]{1,9}){0,3}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\z";

    private ReleaseVersion(int[] numbers, string prerelease, string text)
    {
        Numbers = numbers;
        Prerelease = prerelease;
        Text = text;
    }

    public IReadOnlyList<int> Numbers { get; }

    public string Prerelease { get; }

    public string Text { get; }

    public static bool TryParse(string? text, out ReleaseVersion version)
    {
        version = null!;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64 || !Strict().IsMatch(text))
        {
            return false;
        }

        string core = text.Split('+')[0];
        string pre = "";
        int dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = core[(dash + 1)..];
            core = core[..dash];
        }

        string[] parts = core.Split('.');
        var numbers = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        if (pre.Length > 0 && !pre.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            return false;
        }

        version = new ReleaseVersion(numbers, pre, text.Split('+')[0]);
        return true;
    }

    /// <summary>True when <paramref name="text"/> is a version that may name a release directory.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    public static ReleaseVersion Parse(string text) =>
        TryParse(text, out ReleaseVersion v) ? v : throw new FormatException($"\"{text}\" is not a version.");

    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (int i = 0; i < Math.Max(Numbers.Count, other.Numbers.Count); i++)
        {
            int a = i < Numbers.Count ? Numbers[i] : 0;
            int b = i < other.Numbers.Count ? other.Numbers[i] : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return (Prerelease.Length == 0, other.Prerelease.Length == 0) switch
        {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => -1,
            _ => string.CompareOrdinal(Prerelease, other.Prerelease),
        };
    }

    public override string ToString() => Text;

    [GeneratedRegex(StrictPattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Strict();
}
