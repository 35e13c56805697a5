using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FbDisplay.Services.Storage;

/// <summary>
/// <c>settings.json</c> in the data directory: flat "Section:Key" values stored as nested JSON, the way .NET
/// configuration reads them. A file that does not parse is set aside (renamed) so the display starts on defaults and
/// says so; saves are atomic.
/// </summary>
public sealed class SettingsFile
{
    public const string FileName = "settings.json";

    private readonly TimeProvider _time;

    public SettingsFile(string dataDirectory, TimeProvider time)
    {
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _time = time;
    }

    public string Path { get; }

    /// <summary>Set when the last <see cref="LoadOrRecover"/> found a broken file and moved it aside.</summary>
    public string? RecoveryMessage { get; private set; }

    /// <summary>
    /// Checks the file before configuration reads it. A broken file is renamed to <c>settings.json.broken-&lt;time&gt;</c>
    /// and the display starts on defaults with <see cref="RecoveryMessage"/> set. Returns the parsed document.
    /// </summary>
    public JsonObject LoadOrRecover()
    {
        RecoveryMessage = null;
        if (!File.Exists(Path))
        {
            return [];
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecoveryMessage = $"Settings file cannot be read ({e.Message}); using defaults.";
            return [];
        }

        // JSON is UTF-8; a name or value that is not would throw when read as text, long after this check (found by afl).
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return SetAside("it is not valid UTF-8 text");
        }

        try
        {
            // Configuration keys are case-insensitive: "Udp" twice, or "udp" beside "Udp", is a broken file, not a crash.
            using (JsonDocument document = JsonDocument.Parse(bytes, Options))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return SetAside("its top level is not a JSON object");
                }

                if (FirstDuplicate(document.RootElement, "") is { } duplicate)
                {
                    return SetAside($"{duplicate} appears twice");
                }
            }

            return JsonNode.Parse(bytes, documentOptions: Options) as JsonObject ?? [];
        }
        catch (JsonException e)
        {
            return SetAside(e.Message);
        }
    }

    /// <summary>The flattened key/value pairs as .NET configuration names them (Udp:Port, Gpio:Outputs:0:Pin).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Flatten(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach ((string key, JsonNode? child) in o)
                {
                    foreach (KeyValuePair<string, string?> kv in Flatten(child, prefix.Length == 0 ? key : prefix + ":" + key))
                    {
                        yield return kv;
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    foreach (KeyValuePair<string, string?> kv in Flatten(a[i], prefix + ":" + i.ToString(CultureInfo.InvariantCulture)))
                    {
                        yield return kv;
                    }
                }

                break;
            case JsonValue v when prefix.Length > 0:
                yield return new(prefix, v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString());
                break;
            case null when prefix.Length > 0:
                yield return new(prefix, "");
                break;
        }
    }

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The path of the first property that appears twice in one object (ignoring case), or null.</summary>
    private static string? FirstDuplicate(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty p in element.EnumerateObject())
            {
                string here = path.Length == 0 ? p.Name : path + ":" + p.Name;
                if (!seen.Add(p.Name))
                {
                    return here;
                }

                if (FirstDuplicate(p.Value, here) is { } inner)
                {
                    return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (JsonElement item in element.EnumerateArray())
            {
                if (FirstDuplicate(item, path + ":" + (i++).ToString(CultureInfo.InvariantCulture)) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    /// <summary>Sets "Section:Key" values (null removes one) and saves atomically.</summary>
    public void Save(IEnumerable<KeyValuePair<string, string?>> changes)
    {
        JsonObject root = LoadOrRecover();
        foreach ((string key, string? value) in changes)
        {
            string[] parts = key.Split(':');
            JsonObject node = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is not JsonObject child)
                {
                    child = [];
                    node[parts[i]] = child;
                }

                node = child;
            }

            if (value is null)
            {
                node.Remove(parts[^1]);
            }
            else
            {
                node[parts[^1]] = value;
            }
        }

        AtomicFile.WriteAllText(Path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private JsonObject SetAside(string why)
    {
        string stamp = _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string aside = $"{Path}.broken-{stamp}";
        try
        {
            File.Move(Path, aside, overwrite: true);
            RecoveryMessage = $"Settings file was broken ({why}); moved to {System.IO.Path.GetFileName(aside)}, using defaults.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecoveryMessage = $"Settings file was broken ({why}) and could not be moved aside ({e.Message}); using defaults.";
        }

        return [];
    }
}
