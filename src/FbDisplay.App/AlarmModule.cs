using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Services.Alarms;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Mqtt;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The alarms (issue 11): the monitor evaluated once a second on the UI thread from the battery model and the MQTT
/// link, the journal that keeps them across restarts, and thread-safe copies for the web, MQTT and /metrics.
/// </summary>
public sealed class AlarmModule : IMetricsSource, IDisposable
{
    private readonly BatteryState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Func<long, MqttHealth> _mqtt;
    private readonly long _startedAt;
    private readonly long[] _raisedCounts = new long[AlarmKinds.Count];
    private uint _raised;
    private uint _unacknowledged;
    private volatile AlarmJournalData _published = AlarmJournalData.Empty;

    public AlarmModule(SettingsReader settings, string dataDir, BatteryState state, Func<long, MqttHealth> mqtt, TimeProvider time, ILogger log)
    {
        _state = state;
        _time = time;
        _log = log;
        _mqtt = mqtt;
        _startedAt = time.GetTimestamp();
        Monitor = new AlarmMonitor(time, Catalog.Alarms.Read(settings));
        Journal = new AlarmJournal(Path.Combine(dataDir, "alarms.json"));
    }

    /// <summary>Owned by the UI thread.</summary>
    public AlarmMonitor Monitor { get; }

    public AlarmJournal Journal { get; }

    /// <summary>Raised alarms, readable from any thread.</summary>
    public AlarmSet Raised => (AlarmSet)Volatile.Read(ref _raised);

    /// <summary>Unacknowledged alarms, readable from any thread.</summary>
    public AlarmSet Unacknowledged => (AlarmSet)Volatile.Read(ref _unacknowledged);

    /// <summary>The alarms and their history as of the last change, for /api/alarms (any thread).</summary>
    public AlarmJournalData Snapshot => _published;

    /// <summary>Called on the UI thread whenever the alarms changed (GPIO outputs listen here).</summary>
    public event Action<AlarmSet, AlarmSet>? Changed;

    /// <summary>Restores the journal (before the UI thread runs) and starts listening for changes.</summary>
    public void Start()
    {
        AlarmJournalData saved = AlarmJournal.Load(Journal.FilePath, out string? message);
        if (message is not null)
        {
            _log.LogWarning("{Message}", message);
        }

        Monitor.Restore(saved.Status, saved.History);
        if (Monitor.Raised != AlarmSet.None)
        {
            _log.LogWarning("Alarms still raised from before the restart: {Alarms}", Monitor.Raised);
        }

        Monitor.Changed += OnChanged;
        _ = Publish();
    }

    /// <summary>Once a second on the UI thread.</summary>
    public void Evaluate(long now)
    {
        var inputs = new AlarmInputs
        {
            CellsKnown = _state.CellSummary.IsFresh(_time, now, BatteryState.StaleAfter),
            HighCellVolts = _state.HighCellMillivolts / 1000.0,
            LowCellVolts = _state.LowCellMillivolts / 1000.0,
            CutoffsKnown = _state.Cutoffs.HasValue,
            HighCutoffVolts = _state.HighCutoffVolts,
            LowCutoffVolts = _state.LowCutoffVolts,
            TemperaturesKnown = _state.Pack.IsFresh(_time, now, BatteryState.StaleAfter),
            MaxTemperatureC = _state.MaxTemperatureC,
            MinTemperatureC = _state.MinTemperatureC,
            SocKnown = _state.Soc.IsFresh(_time, now, BatteryState.StaleAfter),
            SocPercent = _state.SocPercent,
            SecondsWithoutData = _time.GetElapsedTime(LastData(), now).TotalSeconds,
            ControllerStatusKnown = _state.ControllerStatus.IsFresh(_time, now, BatteryState.StaleAfter),
            ContactorCode = _state.ContactorCode,
            FaultCode = _state.FaultCode,
            ProtectionKnown = _state.BmsAlarms.IsFresh(_time, now, BatteryState.StaleAfter),
            ProtectionFlags = _state.ProtectionFlags,
        };
        inputs.DataFresh = inputs.CellsKnown || inputs.TemperaturesKnown || inputs.SocKnown || inputs.ControllerStatusKnown;

        MqttHealth mqtt = _mqtt(now);
        inputs.MqttEnabled = mqtt.Enabled;
        inputs.MqttConnected = mqtt.Connected;
        inputs.SecondsMqttDown = mqtt.SecondsDown;
        Monitor.Evaluate(inputs, now);
    }

    public void WriteMetrics(MetricsText m)
    {
        AlarmSet raised = Raised;
        AlarmSet unacknowledged = Unacknowledged;
        // One loop per metric family: the text format wants each family's samples together.
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var k = (AlarmKind)i;
            m.Add("fbdisplay_alarm_raised", "1 while the alarm is raised.", "gauge", raised.Contains(k) ? 1 : 0, Label(k));
        }

        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var k = (AlarmKind)i;
            m.Add("fbdisplay_alarm_unacknowledged", "1 while the alarm is raised and nobody has acknowledged it.", "gauge", unacknowledged.Contains(k) ? 1 : 0, Label(k));
        }

        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            m.Add("fbdisplay_alarm_raises_total", "Times the alarm was raised since start.", "counter", Volatile.Read(ref _raisedCounts[i]), Label((AlarmKind)i));
        }

        if (Journal.LastError is { } error)
        {
            m.Add("fbdisplay_alarm_journal_failing", "1 while alarms.json cannot be written: " + error.Replace('"', '\''), "gauge", 1);
        }
    }

    private static string Label(AlarmKind kind) => $"alarm=\"{kind.Key()}\"";

    public void Dispose()
    {
        Monitor.Changed -= OnChanged;
        Journal.Dispose();
    }

    private long LastData()
    {
        long last = 0;
        Later(ref last, _state.Pack);
        Later(ref last, _state.Soc);
        Later(ref last, _state.CellSummary);
        Later(ref last, _state.Cutoffs);
        Later(ref last, _state.Cells);
        Later(ref last, _state.ControllerStatus);
        Later(ref last, _state.ChargeCommand);
        return last == 0 ? _startedAt : last; // nothing yet: silent since start

        static void Later(ref long last, in ValueStamp stamp)
        {
            if (stamp.HasValue && stamp.Timestamp > last)
            {
                last = stamp.Timestamp;
            }
        }
    }

    private void OnChanged(AlarmMonitor monitor)
    {
        Journal.Capture(Publish());
        Changed?.Invoke(monitor.Raised, monitor.Unacknowledged);
    }

    private AlarmJournalData Publish()
    {
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            Volatile.Write(ref _raisedCounts[i], Monitor.RaisedCount((AlarmKind)i));
        }

        AlarmJournalData data = AlarmJournalData.From(Monitor);
        _published = data;
        Volatile.Write(ref _raised, (uint)Monitor.Raised);
        Volatile.Write(ref _unacknowledged, (uint)Monitor.Unacknowledged);
        return data;
    }
}
