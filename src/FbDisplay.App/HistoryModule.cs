using FbDisplay.Core.History;
using FbDisplay.Services.History;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// LOG TO DATABASE: the per-second history in SQLite (History:Enabled, default on), optionally mirrored to MariaDB/MySQL
/// or PostgreSQL for Grafana (History:External). Both take seconds from the UI thread through non-blocking queues.
/// </summary>
public sealed class HistoryModule : ISecondSink, IMetricsSource, IAsyncDisposable
{
    public HistoryModule(SettingsReader settings, string dataDir, TimeProvider time, ILogger log)
    {
        if (!settings.Get(Catalog.History.Enabled))
        {
            log.LogInformation("LOG TO DATABASE is off: no per-second history");
            return;
        }

        var options = new HistoryOptions
        {
            DataDirectory = dataDir,
            RetentionDays = settings.Get(Catalog.History.RetentionDays),
            MinFreeMegabytes = settings.Get(Catalog.History.MinFreeMegabytes),
        };
        Store = new HistoryStore(options, time, m => log.LogWarning("{Message}", m));
        string external = settings.Get(Catalog.History.External);
        if (external.Length > 0)
        {
            if (ExternalDatabase.TryParse(external, out ExternalDatabase? db, out string? problem))
            {
                Mirror = new ExternalHistoryMirror(db!, time, Store, m => log.LogWarning("{Message}", m));
            }
            else
            {
                settings.Problems.Report(Catalog.History.External.Key, problem ?? Catalog.History.External.Key + " is not a database URL.");
                log.LogWarning("{Problem}", problem);
            }
        }
    }

    public HistoryStore? Store { get; }

    public ExternalHistoryMirror? Mirror { get; }

    /// <summary>
    /// Opens the database (an empty one first takes <paramref name="backfill"/>) and refills the SOC and power rings, so
    /// a restart keeps the logs on screen.
    /// </summary>
    public int Start(BarHistory soc, BarHistory power, long nowUnixSeconds, IReadOnlyList<SecondSample> backfill)
    {
        if (Store is null)
        {
            return 0;
        }

        Store.Start(backfill);
        Mirror?.Start();
        return HistoryStore.RebuildRings(Store, soc, power, nowUnixSeconds);
    }

    public void OnSecond(in SecondSample sample)
    {
        Store?.TryAdd(sample);
        Mirror?.TryAdd(sample);
    }

    public void WriteMetrics(MetricsText metrics)
    {
        Store?.WriteMetrics(metrics);
        Mirror?.WriteMetrics(metrics);
    }

    public async ValueTask DisposeAsync()
    {
        if (Mirror is not null)
        {
            await Mirror.DisposeAsync().ConfigureAwait(false);
        }

        if (Store is not null)
        {
            await Store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
