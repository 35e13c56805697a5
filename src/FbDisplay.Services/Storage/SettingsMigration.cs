using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FbDisplay.Settings;

namespace FbDisplay.Services.Storage;

/// <summary>
/// Moves <c>settings.json</c> forward to the schema this version reads. The file carries <c>SchemaVersion</c> (absent = 1);
/// each step turns version N into N+1 (renames, splits, new defaults) and the file is saved atomically once, after the
/// last step. An update never changes the file otherwise; a file newer than this version knows is left alone (a rollback
/// runs the older version on the newer file, which ignores keys it does not know).
/// </summary>
public sealed class SettingsMigration(IReadOnlyList<Action<JsonObject>> steps)
{
    public static readonly string SchemaKey = Catalog.General.SchemaVersion.Key;

    /// <summary>This version's steps: none yet (schema 1). Add one per schema change, never edit an old one.</summary>
    public static SettingsMigration Current { get; } = new([]);

    /// <summary>The schema this version writes: 1 + the number of steps.</summary>
    public int SchemaVersion => 1 + steps.Count;

    /// <summary>Schema of a parsed file (1 when it has no SchemaVersion).</summary>
    public static int SchemaOf(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root[SchemaKey] is JsonValue v && int.TryParse(v.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 1;
    }

    /// <summary>Runs the missing steps in place; returns the messages for the log ("settings.json migrated from schema 1 to 2").</summary>
    public string? Migrate(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        int from = SchemaOf(root);
        if (from >= SchemaVersion)
        {
            return null;
        }

        for (int v = from; v < SchemaVersion; v++)
        {
            steps[v - 1](root);
        }

        root[SchemaKey] = SchemaVersion;
        return $"settings.json migrated from schema {from} to {SchemaVersion}.";
    }

    /// <summary>Migrates the file at <paramref name="path"/> if it needs it (atomic save). A missing or unreadable file is left to <see cref="SettingsFile"/>.</summary>
    public string? MigrateFile(string path)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        if (root is null || Migrate(root) is not { } message)
        {
            return null;
        }

        try
        {
            AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"settings.json needs schema {SchemaVersion} but could not be saved ({e.Message}); this start reads it as it is.";
        }
    }
}
