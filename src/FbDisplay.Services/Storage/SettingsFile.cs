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

        try
        {
            JsonNode? node = JsonNode.Parse(File.ReadAllBytes(Path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (node is JsonObject obj)
            {
                return obj;
            }

            return SetAside("its top level is not a JSON object");
        }
        catch (JsonException e)
        {
            return SetAside(e.Message);
        }
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
        File.Move(Path, aside, overwrite: true);
        RecoveryMessage = $"Settings file was broken ({why}); moved to {System.IO.Path.GetFileName(aside)}, using defaults.";
        return [];
    }
}
