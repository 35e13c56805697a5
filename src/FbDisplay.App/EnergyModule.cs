using System.Globalization;
using FbDisplay.Core.Energy;
using FbDisplay.Core.History;
using FbDisplay.Services.Energy;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Energy counters (issue 11): kWh in and out, integrated from each second's sample on the UI thread, kept in
/// energy.json by a timer thread, and the time to full or empty from the SOC, the pack capacity
/// (Controller:CapacityAh) and a one-minute average of the current.
/// </summary>
public sealed class EnergyModule : ISecondSink, IMetricsSource, IDisposable
{
    private readonly ILogger _log;
    private readonly CurrentSmoother _smoother = new();
    private readonly Lock _lock = new();
    private EnergyTotals _published;
    private long _lastSampleSecond;

    public EnergyModule(SettingsReader settings, string dataDir, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _log = log;
        Counters = new EnergyCounters(time.LocalTimeZone);
        Store = new EnergyStore(dataDir, time);
        CapacityAmpHours = (float)settings.Get(Catalog.Controller.CapacityAh);
    }

    /// <summary>Owned by the UI thread.</summary>
    public EnergyCounters Counters { get; }

    public EnergyStore Store { get; }

    /// <summary>Pack capacity for the estimate, 0 = unknown (UI thread; SAVE on the limits page changes it).</summary>
    public float CapacityAmpHours { get; set; }

    /// <summary>The latest estimate (UI thread).</summary>
    public BatteryEstimate Estimate { get; private set; }

    /// <summary>The counters as of the last second, readable from any thread.</summary>
    public EnergyTotals Published
    {
        get
        {
            lock (_lock)
            {
                return _published;
            }
        }
    }

    /// <summary>
    /// Loads energy.json (before the UI thread runs) and starts the saving timer. Without the file the counters are
    /// first counted up from <paramref name="backfill"/> (the demo's past days).
    /// </summary>
    public void Start(IReadOnlyList<SecondSample> backfill)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        bool hadFile = File.Exists(Store.Path);
        EnergyTotals saved = Store.Load();
        if (Store.LoadMessage is { } message)
        {
            _log.LogInformation("Energy counters: {Message}", message);
        }

        Counters.Restore(saved);
        if (!hadFile && backfill.Count > 0)
        {
            foreach (SecondSample s in backfill)
            {
                Counters.OnSecond(s);
            }

            Store.Offer(Counters.Totals);
            _log.LogInformation("Energy counters counted up from {Seconds} seconds of {Setting}", backfill.Count, Catalog.Demo.HistoryLog.Key);
        }

        Publish();
        Store.Start();
    }

    public void OnSecond(in SecondSample sample)
    {
        Counters.OnSecond(sample);
        Store.Offer(Counters.Totals);
        float amps = _smoother.Add(sample.UnixSeconds, sample.CurrentAmps);
        Estimate = BatteryEstimate.Compute(sample.SocPercent, CapacityAmpHours, amps, sample.CurrentAmps);
        _lastSampleSecond = sample.UnixSeconds;
    }

    /// <summary>Once a second after the samples: no sample for a while (stale data) means no estimate.</summary>
    public void AfterSecond(long unixSecond)
    {
        if (unixSecond - _lastSampleSecond > 2)
        {
            Estimate = default;
            Counters.RollTo(unixSecond); // a silent night still ends at midnight
        }

        Publish();
    }

    public void WriteMetrics(MetricsText m)
    {
        EnergyTotals e = Published;
        if (!e.HasDay)
        {
            return;
        }

        m.Add("fbdisplay_energy_charged_kwh_total", "Energy into the pack since the counters began.", "counter", e.TotalChargedKWh);
        m.Add("fbdisplay_energy_discharged_kwh_total", "Energy out of the pack since the counters began.", "counter", e.TotalDischargedKWh);
        m.Add("fbdisplay_energy_today_charged_kwh", "Energy into the pack since local midnight.", "gauge", e.TodayChargedKWh);
        m.Add("fbdisplay_energy_today_discharged_kwh", "Energy out of the pack since local midnight.", "gauge", e.TodayDischargedKWh);
        m.Add("fbdisplay_energy_saves_total", "energy.json writes.", "counter", Store.Saves);
        m.Add("fbdisplay_energy_save_failures_total", "energy.json writes that failed (retried a minute later).", "counter", Store.SaveFailures);
    }

    public void Dispose() => Store.Dispose();

    private void Publish()
    {
        EnergyTotals totals = Counters.Totals;
        lock (_lock)
        {
            _published = totals;
        }
    }
}
