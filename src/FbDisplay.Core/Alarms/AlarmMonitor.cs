namespace FbDisplay.Core.Alarms;

/// <summary>
/// Raises and clears the alarms from the measurements, through each rule's delay and hysteresis, and keeps the
/// history. Owned by the UI thread: <see cref="Evaluate"/> runs once a second from the tick loop and allocates nothing
/// while nothing changes. Every change bumps <see cref="Version"/> and is appended to a bounded history, so a journal
/// (another thread) can persist it and the screens can redraw.
/// </summary>
public sealed class AlarmMonitor
{
    /// <summary>History kept in memory (and persisted): about a year of a few alarms a day.</summary>
    public const int HistoryCapacity = 200;

    private readonly TimeProvider _time;
    private readonly AlarmStatus[] _status = new AlarmStatus[AlarmKinds.Count];
    private readonly long[] _pendingSince = new long[AlarmKinds.Count];
    private readonly long[] _raisedCount = new long[AlarmKinds.Count];
    private readonly AlarmEvent[] _history = new AlarmEvent[HistoryCapacity];
    private int _historyStart;
    private int _historyCount;

    public AlarmMonitor(TimeProvider time, AlarmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        Settings = settings;
    }

    /// <summary>The rules; replaced when the settings change (takes effect at the next evaluation).</summary>
    public AlarmSettings Settings { get; set; }

    /// <summary>Bumped on every raise, clear and acknowledge.</summary>
    public long Version { get; private set; }

    /// <summary>Alarms raised now.</summary>
    public AlarmSet Raised { get; private set; }

    /// <summary>Alarms raised and not yet acknowledged: what sounds the buzzer and shows the red banner.</summary>
    public AlarmSet Unacknowledged { get; private set; }

    public AlarmStatus this[AlarmKind kind] => _status[(int)kind];

    /// <summary>Raises of this alarm since start (for /metrics).</summary>
    public long RaisedCount(AlarmKind kind) => _raisedCount[(int)kind];

    /// <summary>Events in history, oldest first.</summary>
    public int HistoryCount => _historyCount;

    /// <summary>The <paramref name="index"/>-th event, 0 = oldest kept.</summary>
    public AlarmEvent History(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _historyCount);
        return _history[(_historyStart + index) % HistoryCapacity];
    }

    /// <summary>The newest event (for the banner), or null when there is none.</summary>
    public AlarmEvent? Latest => _historyCount == 0 ? null : History(_historyCount - 1);

    /// <summary>Raised when the monitor changed (on the UI thread): the journal and the outputs listen.</summary>
    public event Action<AlarmMonitor>? Changed;

    /// <summary>One evaluation of every rule against <paramref name="inputs"/>; <paramref name="now"/> is a TimeProvider timestamp.</summary>
    public void Evaluate(in AlarmInputs inputs, long now)
    {
        long before = Version;
        AlarmSettings s = Settings;
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var kind = (AlarmKind)i;
            AlarmRule rule = s[kind];
            if (!rule.Enabled)
            {
                _pendingSince[i] = 0;
                if (_status[i].Raised)
                {
                    Clear(kind, _status[i].Value);
                }

                continue;
            }

            if (!TryMeasure(kind, rule, inputs, out double value, out double threshold))
            {
                _pendingSince[i] = 0; // unknown: hold the state, restart the delay when data returns
                continue;
            }

            bool high = AlarmSettings.IsHighAlarm(kind);
            bool raising = high ? value > threshold : value < threshold;
            bool clearing = high ? value < threshold - rule.Hysteresis : value > threshold + rule.Hysteresis;
            if (kind == AlarmKind.ControllerLost)
            {
                // Counted in seconds of silence; cleared by data, not by a short silence (a restart has one too).
                raising = value >= threshold;
                clearing = inputs.DataFresh;
            }
            else if (kind is AlarmKind.ContactorOpen or AlarmKind.ControllerFault or AlarmKind.BmsProtection)
            {
                // A state the controller reports, not a measurement: raised while it says so, cleared when it stops.
                raising = value != 0;
                clearing = value == 0;
            }
            else if (kind == AlarmKind.MqttDown)
            {
                raising = inputs.MqttEnabled && value >= threshold;
                clearing = inputs.MqttConnected || !inputs.MqttEnabled;
            }

            bool wanted = _status[i].Raised ? clearing : raising;
            if (!wanted)
            {
                _pendingSince[i] = 0;
                if (_status[i].Raised && _status[i].Value != value)
                {
                    _status[i] = _status[i] with { Value = WorseOf(kind, _status[i].Value, value) };
                }

                continue;
            }

            if (_pendingSince[i] == 0)
            {
                _pendingSince[i] = now;
            }

            if (_time.GetElapsedTime(_pendingSince[i], now) < rule.Delay)
            {
                continue;
            }

            _pendingSince[i] = 0;
            if (_status[i].Raised)
            {
                Clear(kind, value);
            }
            else
            {
                Raise(kind, value);
            }
        }

        if (Version != before)
        {
            Changed?.Invoke(this);
        }
    }

    /// <summary>Acknowledges every raised alarm (a tap on the banner, the hardware button): silences outputs until the next raise.</summary>
    public bool AcknowledgeAll()
    {
        if (Unacknowledged == AlarmSet.None)
        {
            return false;
        }

        long at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            if (_status[i].Raised && !_status[i].Acknowledged)
            {
                _status[i] = _status[i] with { Acknowledged = true };
                Append(new AlarmEvent((AlarmKind)i, AlarmEventType.Acknowledged, at, _status[i].Value));
            }
        }

        Unacknowledged = AlarmSet.None;
        Version++;
        Changed?.Invoke(this);
        return true;
    }

    /// <summary>
    /// Restores what a journal saved before a restart: raised alarms stay raised (with their original time and
    /// acknowledgement) until their condition clears; history continues. Call before the first evaluation.
    /// </summary>
    public void Restore(ReadOnlySpan<AlarmStatus> status, ReadOnlySpan<AlarmEvent> history)
    {
        _historyStart = 0;
        _historyCount = 0;
        foreach (AlarmEvent e in history.Length > HistoryCapacity ? history[^HistoryCapacity..] : history)
        {
            if ((uint)e.Kind < AlarmKinds.Count)
            {
                Append(e);
            }
        }

        Raised = AlarmSet.None;
        Unacknowledged = AlarmSet.None;
        for (int i = 0; i < AlarmKinds.Count && i < status.Length; i++)
        {
            _status[i] = status[i].Raised ? status[i] : default;
            if (_status[i].Raised)
            {
                Raised |= ((AlarmKind)i).Bit();
                if (!_status[i].Acknowledged)
                {
                    Unacknowledged |= ((AlarmKind)i).Bit();
                }
            }
        }

        Version++;
    }

    /// <summary>Copies the history, oldest first, into <paramref name="into"/> (for the journal).</summary>
    public int CopyHistory(Span<AlarmEvent> into)
    {
        int n = Math.Min(into.Length, _historyCount);
        int skip = _historyCount - n;
        for (int i = 0; i < n; i++)
        {
            into[i] = History(skip + i);
        }

        return n;
    }

    private static bool TryMeasure(AlarmKind kind, in AlarmRule rule, in AlarmInputs x, out double value, out double threshold)
    {
        threshold = rule.Threshold;
        value = 0;
        switch (kind)
        {
            case AlarmKind.CellHigh:
                value = x.HighCellVolts;
                if (threshold <= 0)
                {
                    threshold = x.HighCutoffVolts;
                    return x.CellsKnown && x.CutoffsKnown && threshold > 0;
                }

                return x.CellsKnown;
            case AlarmKind.CellLow:
                value = x.LowCellVolts;
                if (threshold <= 0)
                {
                    threshold = x.LowCutoffVolts;
                    return x.CellsKnown && x.CutoffsKnown && threshold > 0;
                }

                return x.CellsKnown;
            case AlarmKind.CellSpread:
                value = Math.Round((x.HighCellVolts - x.LowCellVolts) * 1000.0);
                return x.CellsKnown && x.LowCellVolts > 0;
            case AlarmKind.TemperatureHigh:
                value = x.MaxTemperatureC;
                return x.TemperaturesKnown;
            case AlarmKind.TemperatureLow:
                value = x.MinTemperatureC;
                return x.TemperaturesKnown;
            case AlarmKind.SocLow:
                value = x.SocPercent;
                return x.SocKnown;
            case AlarmKind.ControllerLost:
                value = x.SecondsWithoutData;
                return true;
            case AlarmKind.MqttDown:
                value = x.SecondsMqttDown;
                return true;
            case AlarmKind.ContactorOpen:
                value = x.ContactorCode;
                return x.ControllerStatusKnown;
            case AlarmKind.ControllerFault:
                value = x.FaultCode;
                return x.ControllerStatusKnown;
            case AlarmKind.BmsProtection:
                value = x.ProtectionFlags;
                return x.ProtectionKnown;
            default:
                return false;
        }
    }

    private static double WorseOf(AlarmKind kind, double a, double b) =>
        kind is AlarmKind.ContactorOpen or AlarmKind.ControllerFault or AlarmKind.BmsProtection ? (b != 0 ? b : a) // a state: the latest one
        : AlarmSettings.IsHighAlarm(kind) ? Math.Max(a, b) : Math.Min(a, b);

    private void Raise(AlarmKind kind, double value)
    {
        int i = (int)kind;
        long at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _status[i] = new AlarmStatus(true, false, at, value);
        _raisedCount[i]++;
        Raised |= kind.Bit();
        Unacknowledged |= kind.Bit();
        Append(new AlarmEvent(kind, AlarmEventType.Raised, at, value));
        Version++;
    }

    private void Clear(AlarmKind kind, double value)
    {
        int i = (int)kind;
        long at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _status[i] = default;
        Raised &= ~kind.Bit();
        Unacknowledged &= ~kind.Bit();
        Append(new AlarmEvent(kind, AlarmEventType.Cleared, at, value));
        Version++;
    }

    private void Append(in AlarmEvent e)
    {
        if (_historyCount < HistoryCapacity)
        {
            _history[(_historyStart + _historyCount) % HistoryCapacity] = e;
            _historyCount++;
        }
        else
        {
            _history[_historyStart] = e;
            _historyStart = (_historyStart + 1) % HistoryCapacity;
        }
    }
}
