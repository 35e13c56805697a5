namespace FbDisplay.Services.History;

/// <summary>Settings of the per-second history store (configuration keys under <c>History:</c>).</summary>
public sealed record HistoryOptions
{
    public const string FileName = "history.db";

    /// <summary>Where history.db lives (the app's DataDir).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>History:RetentionDays: seconds and minute/hour rollups older than this are deleted.</summary>
    public int RetentionDays { get; init; } = 400;

    /// <summary>History:MinFreeMegabytes: below this much free disk the oldest days of seconds are deleted first.</summary>
    public long MinFreeMegabytes { get; init; } = 500;

    /// <summary>A batch is committed this long after its first row at the latest (what a crash of the process can lose).</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>...or as soon as this many rows are waiting.</summary>
    public int BatchRows { get; init; } = 500;

    /// <summary>Rows held in memory while the disk is slow or failing; beyond it the oldest are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 7200;

    /// <summary>How often retention (age and free space) runs.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>After a failed commit, wait this long before trying again.</summary>
    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Free bytes on the file system holding a path; a seam for tests (default: <see cref="DriveInfo"/>).</summary>
    public Func<string, long>? FreeBytes { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, FileName);
}
