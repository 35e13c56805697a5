namespace FbDisplay.Core.Alarms;

public enum AlarmEventType
{
    Raised = 0,
    Cleared = 1,
    Acknowledged = 2,
}

/// <summary>One line of the alarm history: what happened to which alarm, when (Unix milliseconds, UTC) and the value that did it.</summary>
public readonly record struct AlarmEvent(AlarmKind Kind, AlarmEventType Type, long UnixMilliseconds, double Value);

/// <summary>Where one alarm stands; what survives a restart.</summary>
/// <param name="Raised">True from raise to clear.</param>
/// <param name="Acknowledged">A raised alarm somebody has seen (tap on the banner, the button, the web).</param>
/// <param name="RaisedAtUnixMilliseconds">When it was raised, 0 if never.</param>
/// <param name="Value">The value when raised, or the latest while raised.</param>
public readonly record struct AlarmStatus(bool Raised, bool Acknowledged, long RaisedAtUnixMilliseconds, double Value);

/// <summary>
/// The measurements one evaluation looks at, filled by the tick loop from the battery model. A value whose group is not
/// fresh is "unknown": its alarm neither raises nor clears until data returns (the controller-lost alarm covers that).
/// </summary>
public struct AlarmInputs
{
    public bool CellsKnown;
    public double HighCellVolts;
    public double LowCellVolts;

    /// <summary>The controller's own cutoffs (0x652) are known.</summary>
    public bool CutoffsKnown;
    public double HighCutoffVolts;
    public double LowCutoffVolts;

    public bool TemperaturesKnown;
    public double MaxTemperatureC;
    public double MinTemperatureC;

    public bool SocKnown;
    public double SocPercent;

    /// <summary>Seconds since the last battery data of any kind (or since start when none came yet).</summary>
    public double SecondsWithoutData;

    /// <summary>Some group is fresh now: what clears the controller-lost alarm (not a small silence, which is also
    /// what a restart looks like before anything arrived).</summary>
    public bool DataFresh;

    /// <summary>The controller's status frame (0x654) is fresh.</summary>
    public bool ControllerStatusKnown;

    /// <summary>1 negative contactor open, 2 positive, 3 both, 0 closed.</summary>
    public int ContactorCode;

    /// <summary>The controller's fault code, 0 = none.</summary>
    public int FaultCode;

    /// <summary>A Pylontech-protocol battery's 0x359 is fresh.</summary>
    public bool ProtectionKnown;

    /// <summary>Its protection flags (bytes 0-1), 0 = none.</summary>
    public int ProtectionFlags;

    /// <summary>MQTT is configured (SENDER or RECEIVER); off means the MQTT alarm never raises.</summary>
    public bool MqttEnabled;

    /// <summary>Seconds the MQTT link has been down (since start until the first connection), 0 while connected.</summary>
    public double SecondsMqttDown;

    /// <summary>Connected to the broker now: what clears the MQTT alarm (as does switching MQTT off).</summary>
    public bool MqttConnected;
}
