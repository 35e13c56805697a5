using System.Globalization;
using System.Net;
using System.Text.Json;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Energy;

namespace FbDisplay.Core.Status;

/// <summary>
/// A copy of the whole battery state plus counters at one instant: what /api/status serves and what MQTT SENDER
/// publishes (docs/status-json.md). Pre-allocated; <see cref="CopyFrom(BatteryState, FrameCounters, TimeProvider, uint)"/>
/// never allocates, so the UI thread can fill one every tick.
/// </summary>
public sealed class StatusSnapshot
{
    public const int SchemaVersion = 1;

    private readonly ushort[] _cells = new ushort[BatteryState.MaxCells];

    public DateTimeOffset Timestamp { get; private set; }
    public bool HasData { get; private set; }
    public float SocPercent { get; private set; }
    public float PackVolts { get; private set; }
    public float CurrentAmps { get; private set; }
    public float PowerWatts { get; private set; }
    public float AmpHours { get; private set; }
    public int MaxTemperatureC { get; private set; }
    public int MinTemperatureC { get; private set; }
    public int LowCellMillivolts { get; private set; }
    public int HighCellMillivolts { get; private set; }
    public int AverageCellMillivolts { get; private set; }
    public int MaxCellCount { get; private set; }
    public int ActiveCellCount { get; private set; }
    public float HighCutoffVolts { get; private set; }
    public float LowCutoffVolts { get; private set; }
    public int ModuleCount { get; private set; }
    public bool PackStale { get; private set; }
    public bool SocStale { get; private set; }
    public bool CellsStale { get; private set; }
    public bool PreciseValid { get; private set; }
    public float PreciseCurrentAmps { get; private set; }
    public float PrecisePowerWatts { get; private set; }

    /// <summary>A 0x654 has arrived (ever); <see cref="ControllerStatusStale"/> says whether it is recent.</summary>
    public bool HasControllerStatus { get; private set; }
    public bool ControllerStatusStale { get; private set; }
    public ControllerFlags ControllerFlags { get; private set; }
    public int FaultCode { get; private set; }

    /// <summary>Wall-clock time the open contactor / current fault was first seen; null while closed / none.</summary>
    public DateTimeOffset? ContactorOpenSince { get; private set; }
    public DateTimeOffset? FaultSince { get; private set; }

    /// <summary>A 0x683 has arrived (ever).</summary>
    public bool HasChargeCommand { get; private set; }
    public bool ChargeCommandStale { get; private set; }
    public float FrequencyShiftVolts { get; private set; }
    public float ChargeCommandAmps { get; private set; }

    /// <summary>The protocol the data came from (null before any frame).</summary>
    public BatteryProtocol? Protocol { get; private set; }

    // Pylontech: what such a battery sends beyond the common values.
    public bool HasBmsLimits { get; private set; }
    public float ChargeVoltageLimit { get; private set; }
    public float ChargeCurrentLimitAmps { get; private set; }
    public float DischargeCurrentLimitAmps { get; private set; }
    public float DischargeVoltageLimit { get; private set; }
    public float SohPercent { get; private set; }
    public float BatteryTemperatureC { get; private set; }
    public bool HasBmsAlarms { get; private set; }
    public int ProtectionFlags { get; private set; }
    public int WarningFlags { get; private set; }
    public int PackCount { get; private set; }
    public bool HasBmsRequests { get; private set; }
    public int RequestFlags { get; private set; }
    public string ManufacturerName { get; private set; } = "";

    /// <summary>IPv4 in network order, 0 when unknown.</summary>
    public uint ControllerAddress { get; private set; }
    public long FramesReceived { get; private set; }
    public long FramesAccepted { get; private set; }
    public long FramesRejected { get; private set; }
    public long FramesDropped { get; private set; }

    public ReadOnlySpan<ushort> CellMillivolts => _cells.AsSpan(0, ModuleCount * BatteryState.CellsPerModule);

    /// <summary>Alarms, energy and the estimate as of this snapshot.</summary>
    public StatusExtras Extras { get; private set; }

    public void CopyFrom(BatteryState s, FrameCounters counters, TimeProvider time, uint controllerAddress) =>
        CopyFrom(s, counters, time, controllerAddress, default);

    public void CopyFrom(BatteryState s, FrameCounters counters, TimeProvider time, uint controllerAddress, in StatusExtras extras)
    {
        Extras = extras;
        long now = time.GetTimestamp();
        Timestamp = time.GetUtcNow();
        HasData = s.HasAnyData;
        SocPercent = s.SocPercent;
        PackVolts = s.PackVolts;
        CurrentAmps = s.PackCurrentAmps;
        PowerWatts = s.PowerWatts;
        AmpHours = s.AmpHours;
        MaxTemperatureC = s.MaxTemperatureC;
        MinTemperatureC = s.MinTemperatureC;
        LowCellMillivolts = s.LowCellMillivolts;
        HighCellMillivolts = s.HighCellMillivolts;
        AverageCellMillivolts = s.AverageCellMillivolts;
        MaxCellCount = s.MaxCellCount;
        ActiveCellCount = s.ActiveCellCount;
        HighCutoffVolts = s.HighCutoffVolts;
        LowCutoffVolts = s.LowCutoffVolts;
        ModuleCount = s.ModuleCount;
        s.CellMillivolts.CopyTo(_cells);
        PackStale = !s.Pack.IsFresh(time, now, BatteryState.StaleAfter);
        SocStale = !s.Soc.IsFresh(time, now, BatteryState.StaleAfter);
        CellsStale = !s.Cells.IsFresh(time, now, BatteryState.StaleAfter);
        PreciseValid = s.PackPrecise.IsFresh(time, now, BatteryState.StaleAfter);
        PreciseCurrentAmps = s.PreciseCurrentAmps;
        PrecisePowerWatts = s.PrecisePowerWatts;
        HasControllerStatus = s.ControllerStatus.HasValue;
        ControllerStatusStale = !s.ControllerStatus.IsFresh(time, now, BatteryState.StaleAfter);
        ControllerFlags = s.ControllerFlags;
        FaultCode = s.FaultCode;
        ContactorOpenSince = WallClock(s.ContactorOpenSince, time, now);
        FaultSince = WallClock(s.FaultSince, time, now);
        HasChargeCommand = s.ChargeCommand.HasValue;
        ChargeCommandStale = !s.ChargeCommand.IsFresh(time, now, BatteryState.StaleAfter);
        FrequencyShiftVolts = s.FrequencyShiftVolts;
        ChargeCommandAmps = s.ChargeCommandAmps;
        Protocol = s.Protocol;
        HasBmsLimits = s.BmsLimits.HasValue;
        ChargeVoltageLimit = s.ChargeVoltageLimit;
        ChargeCurrentLimitAmps = s.ChargeCurrentLimitAmps;
        DischargeCurrentLimitAmps = s.DischargeCurrentLimitAmps;
        DischargeVoltageLimit = s.DischargeVoltageLimit;
        SohPercent = s.SohPercent;
        BatteryTemperatureC = s.BatteryTemperatureC;
        HasBmsAlarms = s.BmsAlarms.HasValue;
        ProtectionFlags = s.ProtectionFlags;
        WarningFlags = s.WarningFlags;
        PackCount = s.PackCount;
        HasBmsRequests = s.BmsRequests.HasValue;
        RequestFlags = s.RequestFlags;
        if (!s.ManufacturerName.SequenceEqual(ManufacturerName))
        {
            ManufacturerName = s.ManufacturerName.ToString(); // only when the name changes (once per battery)
        }

        ControllerAddress = controllerAddress;
        FramesReceived = counters.Received;
        FramesAccepted = counters.Accepted;
        FramesRejected = counters.RejectedTotal;
        FramesDropped = counters.Dropped;
    }

    public void CopyFrom(StatusSnapshot o)
    {
        Extras = o.Extras;
        Timestamp = o.Timestamp;
        HasData = o.HasData;
        SocPercent = o.SocPercent;
        PackVolts = o.PackVolts;
        CurrentAmps = o.CurrentAmps;
        PowerWatts = o.PowerWatts;
        AmpHours = o.AmpHours;
        MaxTemperatureC = o.MaxTemperatureC;
        MinTemperatureC = o.MinTemperatureC;
        LowCellMillivolts = o.LowCellMillivolts;
        HighCellMillivolts = o.HighCellMillivolts;
        AverageCellMillivolts = o.AverageCellMillivolts;
        MaxCellCount = o.MaxCellCount;
        ActiveCellCount = o.ActiveCellCount;
        HighCutoffVolts = o.HighCutoffVolts;
        LowCutoffVolts = o.LowCutoffVolts;
        ModuleCount = o.ModuleCount;
        o._cells.CopyTo(_cells, 0);
        PackStale = o.PackStale;
        SocStale = o.SocStale;
        CellsStale = o.CellsStale;
        PreciseValid = o.PreciseValid;
        PreciseCurrentAmps = o.PreciseCurrentAmps;
        PrecisePowerWatts = o.PrecisePowerWatts;
        HasControllerStatus = o.HasControllerStatus;
        ControllerStatusStale = o.ControllerStatusStale;
        ControllerFlags = o.ControllerFlags;
        FaultCode = o.FaultCode;
        ContactorOpenSince = o.ContactorOpenSince;
        FaultSince = o.FaultSince;
        HasChargeCommand = o.HasChargeCommand;
        ChargeCommandStale = o.ChargeCommandStale;
        FrequencyShiftVolts = o.FrequencyShiftVolts;
        ChargeCommandAmps = o.ChargeCommandAmps;
        Protocol = o.Protocol;
        HasBmsLimits = o.HasBmsLimits;
        ChargeVoltageLimit = o.ChargeVoltageLimit;
        ChargeCurrentLimitAmps = o.ChargeCurrentLimitAmps;
        DischargeCurrentLimitAmps = o.DischargeCurrentLimitAmps;
        DischargeVoltageLimit = o.DischargeVoltageLimit;
        SohPercent = o.SohPercent;
        BatteryTemperatureC = o.BatteryTemperatureC;
        HasBmsAlarms = o.HasBmsAlarms;
        ProtectionFlags = o.ProtectionFlags;
        WarningFlags = o.WarningFlags;
        PackCount = o.PackCount;
        HasBmsRequests = o.HasBmsRequests;
        RequestFlags = o.RequestFlags;
        ManufacturerName = o.ManufacturerName;
        ControllerAddress = o.ControllerAddress;
        FramesReceived = o.FramesReceived;
        FramesAccepted = o.FramesAccepted;
        FramesRejected = o.FramesRejected;
        FramesDropped = o.FramesDropped;
    }

    /// <summary>The CompleteStatus document (docs/status-json.md).</summary>
    public void WriteJson(Utf8JsonWriter w, string bmsId, string displayId)
    {
        w.WriteStartObject();
        w.WriteNumber("schema", SchemaVersion);
        w.WriteString("bmsId", bmsId);
        w.WriteString("displayId", displayId);
        w.WriteString("timestamp", Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        w.WriteBoolean("hasData", HasData);
        w.WriteString("protocol", BatteryProtocols.Key(Protocol));
        w.WriteNumber("soc", Math.Round(SocPercent, 1));
        w.WriteNumber("packVolts", Math.Round(PackVolts, 1));
        w.WriteNumber("currentAmps", Math.Round(CurrentAmps, 2));
        w.WriteNumber("powerWatts", Math.Round(PowerWatts, 1));
        w.WriteNumber("ampHours", Math.Round(AmpHours, 1));
        w.WriteNumber("maxTempC", MaxTemperatureC);
        w.WriteNumber("minTempC", MinTemperatureC);
        w.WriteNumber("cellLowMv", LowCellMillivolts);
        w.WriteNumber("cellHighMv", HighCellMillivolts);
        w.WriteNumber("cellAvgMv", AverageCellMillivolts);
        if (MaxCellCount > 0)
        {
            w.WriteNumber("maxCells", MaxCellCount);
            w.WriteNumber("activeCells", ActiveCellCount);
        }

        w.WriteNumber("highCutoffVolts", Math.Round(HighCutoffVolts, 2));
        w.WriteNumber("lowCutoffVolts", Math.Round(LowCutoffVolts, 2));
        w.WriteNumber("moduleCount", ModuleCount);
        w.WriteStartArray("cellsMv");
        foreach (ushort mv in CellMillivolts)
        {
            w.WriteNumberValue(mv);
        }

        w.WriteEndArray();
        if (PreciseValid)
        {
            w.WriteNumber("preciseCurrentAmps", Math.Round(PreciseCurrentAmps, 2));
            w.WriteNumber("precisePowerWatts", Math.Round(PrecisePowerWatts, 2));
        }

        if (HasControllerStatus)
        {
            int contactors = ControllerFaults.ContactorCode(ControllerFlags);
            w.WriteStartObject("controller");
            w.WriteBoolean("stale", ControllerStatusStale);
            w.WriteNumber("flags", (byte)ControllerFlags);
            w.WriteBoolean("chargeEnabled", (ControllerFlags & ControllerFlags.ChargeEnabled) != 0);
            w.WriteBoolean("heatEnabled", (ControllerFlags & ControllerFlags.HeatEnabled) != 0);
            w.WriteBoolean("usbPowered", (ControllerFlags & ControllerFlags.UsbPowered) != 0);
            w.WriteBoolean("negativeContactorOpen", (contactors & 1) != 0);
            w.WriteBoolean("positiveContactorOpen", (contactors & 2) != 0);
            WriteSince(w, "contactorOpenSince", ContactorOpenSince);
            w.WriteNumber("faultCode", FaultCode);
            w.WriteString("fault", ControllerFaults.Key(FaultCode));
            WriteSince(w, "faultSince", FaultSince);
            w.WriteEndObject();
        }

        if (Protocol == BatteryProtocol.Pylontech)
        {
            WriteBms(w);
        }

        if (HasChargeCommand)
        {
            w.WriteStartObject("chargeCommand");
            w.WriteBoolean("stale", ChargeCommandStale);
            w.WriteNumber("tcchAmps", Math.Round(ChargeCommandAmps, 1));
            w.WriteNumber("frequencyShiftVolts", Math.Round(FrequencyShiftVolts, 2));
            w.WriteEndObject();
        }

        w.WriteStartObject("stale");
        w.WriteBoolean("pack", PackStale);
        w.WriteBoolean("soc", SocStale);
        w.WriteBoolean("cells", CellsStale);
        w.WriteEndObject();
        if (ControllerAddress != 0)
        {
            w.WriteString("controllerIp", new IPAddress(ControllerAddress).ToString());
        }

        w.WriteStartObject("frames");
        w.WriteNumber("received", FramesReceived);
        w.WriteNumber("accepted", FramesAccepted);
        w.WriteNumber("rejected", FramesRejected);
        w.WriteNumber("dropped", FramesDropped);
        w.WriteEndObject();
        WriteExtras(w, Extras);
        w.WriteEndObject();
    }

    /// <summary>What a Pylontech-protocol battery sends beyond the common fields, and what it does not send.</summary>
    private void WriteBms(Utf8JsonWriter w)
    {
        w.WriteStartObject("bms");
        if (ManufacturerName.Length > 0)
        {
            w.WriteString("name", ManufacturerName);
        }

        if (HasBmsLimits)
        {
            w.WriteNumber("chargeVoltageLimit", Math.Round(ChargeVoltageLimit, 1));
            w.WriteNumber("chargeCurrentLimit", Math.Round(ChargeCurrentLimitAmps, 1));
            w.WriteNumber("dischargeCurrentLimit", Math.Round(DischargeCurrentLimitAmps, 1));
            w.WriteNumber("dischargeVoltageLimit", Math.Round(DischargeVoltageLimit, 1));
        }

        w.WriteNumber("soh", Math.Round(SohPercent, 0));
        w.WriteNumber("temperatureC", Math.Round(BatteryTemperatureC, 1));
        if (HasBmsAlarms)
        {
            w.WriteNumber("packs", PackCount);
            w.WriteStartArray("protection");
            foreach (string key in PylontechFlags.Keys(ProtectionFlags))
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (string key in PylontechFlags.Keys(WarningFlags))
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
            w.WriteNumber("protectionFlags", ProtectionFlags);
            w.WriteNumber("warningFlags", WarningFlags);
        }

        if (HasBmsRequests)
        {
            w.WriteBoolean("chargeEnable", (RequestFlags & PylontechFlags.ChargeEnable) != 0);
            w.WriteBoolean("dischargeEnable", (RequestFlags & PylontechFlags.DischargeEnable) != 0);
            w.WriteBoolean("forceCharge", (RequestFlags & (PylontechFlags.ForceCharge1 | PylontechFlags.ForceCharge2)) != 0);
        }

        // Fields of the common document this battery does not send: they hold 0 (receivers require them).
        w.WriteStartArray("notSent");
        w.WriteStringValue("ampHours");
        w.WriteStringValue("cellAvgMv");
        w.WriteStringValue("cellsMv");
        w.WriteStringValue("highCutoffVolts");
        w.WriteStringValue("lowCutoffVolts");
        if (LowCellMillivolts == 0 && HighCellMillivolts == 0)
        {
            w.WriteStringValue("cellLowMv");
            w.WriteStringValue("cellHighMv");
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSince(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } t)
        {
            w.WriteString(name, t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A TimeProvider timestamp as wall-clock time, null for 0 (never).</summary>
    private static DateTimeOffset? WallClock(long timestamp, TimeProvider time, long now) =>
        timestamp == 0 ? null : time.GetUtcNow() - time.GetElapsedTime(timestamp, now);

    private static void WriteExtras(Utf8JsonWriter w, in StatusExtras x)
    {
        w.WriteString("temperatureUnit", Units.Temperatures.Letter(x.TemperatureUnit));
        w.WriteStartObject("alarms");
        WriteAlarmSet(w, "raised", x.AlarmsRaised);
        WriteAlarmSet(w, "unacknowledged", x.AlarmsUnacknowledged);
        w.WriteEndObject();
        EnergyTotals e = x.Energy;
        if (e.HasDay)
        {
            w.WriteStartObject("energy");
            w.WriteString("day", e.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("todayInKWh", Math.Round(e.TodayChargedKWh, 3));
            w.WriteNumber("todayOutKWh", Math.Round(e.TodayDischargedKWh, 3));
            w.WriteNumber("yesterdayInKWh", Math.Round(e.YesterdayChargedKWh, 3));
            w.WriteNumber("yesterdayOutKWh", Math.Round(e.YesterdayDischargedKWh, 3));
            w.WriteNumber("totalInKWh", Math.Round(e.TotalChargedKWh, 3));
            w.WriteNumber("totalOutKWh", Math.Round(e.TotalDischargedKWh, 3));
            w.WriteEndObject();
        }

        if (x.Estimate.HasValue)
        {
            w.WriteStartObject("estimate");
            w.WriteString("to", x.Estimate.Direction == EstimateDirection.ToFull ? "full" : "empty");
            w.WriteNumber("minutes", Math.Round(x.Estimate.Time.TotalMinutes));
            w.WriteBoolean("capped", x.Estimate.IsCapped);
            w.WriteEndObject();
        }

        InverterStatus inv = x.Inverter;
        if (inv.State != Inverter.InverterLinkState.Off)
        {
            w.WriteStartObject("inverter");
            w.WriteString("interface", inv.InterfaceName);
            w.WriteString("state", Inverter.InverterStates.Key(inv.State));
            w.WriteNumber("framesSent", inv.FramesSent);
            w.WriteNumber("busErrors", inv.BusErrors);
            if (inv.LastError is { } error)
            {
                w.WriteString("lastError", error);
            }

            if (inv.State == Inverter.InverterLinkState.Sending)
            {
                Inverter.InverterValues v = inv.Values;
                w.WriteNumber("chargeVolts", Math.Round(v.ChargeVolts, 1));
                w.WriteNumber("chargeAmps", Math.Round(v.ChargeAmps, 1));
                w.WriteNumber("dischargeAmps", Math.Round(v.DischargeAmps, 1));
                w.WriteNumber("dischargeVolts", Math.Round(v.DischargeVolts, 1));
                w.WriteBoolean("chargeEnable", v.ChargeEnable);
                w.WriteBoolean("dischargeEnable", v.DischargeEnable);
                w.WriteNumber("protection", v.Protection);
            }

            w.WriteEndObject();
        }
    }

    private static void WriteAlarmSet(Utf8JsonWriter w, string name, AlarmSet set)
    {
        w.WriteStartArray(name);
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            if (set.Contains((AlarmKind)i))
            {
                w.WriteStringValue(((AlarmKind)i).Key());
            }
        }

        w.WriteEndArray();
    }
}

/// <summary>
/// Hands snapshots from the UI thread to any other thread. The UI thread copies in under a lock held for microseconds
/// (no I/O inside); readers copy out into their own snapshot.
/// </summary>
public sealed class StatusBoard
{
    private readonly Lock _lock = new();
    private readonly StatusSnapshot _shared = new();

    public long Version { get; private set; }

    public void Publish(BatteryState state, FrameCounters counters, TimeProvider time, uint controllerAddress) =>
        Publish(state, counters, time, controllerAddress, default);

    public void Publish(BatteryState state, FrameCounters counters, TimeProvider time, uint controllerAddress, in StatusExtras extras)
    {
        lock (_lock)
        {
            _shared.CopyFrom(state, counters, time, controllerAddress, extras);
            Version++;
        }
    }

    public void Read(StatusSnapshot into)
    {
        lock (_lock)
        {
            into.CopyFrom(_shared);
        }
    }
}
