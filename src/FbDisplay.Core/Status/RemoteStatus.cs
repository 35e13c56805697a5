using System.Buffers;
using System.Text.Json;
using FbDisplay.Core.Battery;

namespace FbDisplay.Core.Status;

/// <summary>Why a CompleteStatus document was not taken (counted per reason by the MQTT RECEIVER).</summary>
public enum StatusJsonError
{
    None,

    /// <summary>Not JSON at all, or truncated.</summary>
    Malformed,

    /// <summary>JSON, but not our schema: wrong version, a required field missing or of the wrong type, values out of range.</summary>
    WrongSchema,
}

/// <summary>
/// A CompleteStatus document (docs/status-json.md) as received from an MQTT SENDER: the values a remote display shows as
/// if they were local. Filled by <see cref="TryRead(ReadOnlySequence{byte}, RemoteStatus)"/>, applied on the UI thread by
/// <see cref="RemoteStatusApplier.ApplyRemote"/>.
/// </summary>
public sealed class RemoteStatus
{
    private readonly ushort[] _cells = new ushort[BatteryState.MaxCells];

    public string BmsId { get; set; } = "";
    public string DisplayId { get; set; } = "";
    public DateTimeOffset Timestamp { get; set; }
    public bool HasData { get; set; }
    public float SocPercent { get; set; }
    public float PackVolts { get; set; }
    public float CurrentAmps { get; set; }
    public float AmpHours { get; set; }
    public int MaxTemperatureC { get; set; }
    public int MinTemperatureC { get; set; }
    public int LowCellMillivolts { get; set; }
    public int HighCellMillivolts { get; set; }
    public int AverageCellMillivolts { get; set; }
    public int MaxCellCount { get; set; }
    public int ActiveCellCount { get; set; }
    public float HighCutoffVolts { get; set; }
    public float LowCutoffVolts { get; set; }
    public int ModuleCount { get; set; }
    public bool PreciseValid { get; set; }
    public float PreciseCurrentAmps { get; set; }
    public float PrecisePowerWatts { get; set; }
    public bool PackStale { get; set; }
    public bool SocStale { get; set; }
    public bool CellsStale { get; set; }

    /// <summary>The sender's battery protocol ("protocol"), null when it did not say.</summary>
    public BatteryProtocol? Protocol { get; set; }

    /// <summary>The sender's 0x654 ("controller"), when it had one.</summary>
    public bool HasControllerStatus { get; set; }
    public bool ControllerStatusStale { get; set; }
    public ControllerFlags ControllerFlags { get; set; }
    public int FaultCode { get; set; }

    /// <summary>The sender's 0x683 ("chargeCommand"), when it had one.</summary>
    public bool HasChargeCommand { get; set; }
    public bool ChargeCommandStale { get; set; }
    public float FrequencyShiftVolts { get; set; }
    public float ChargeCommandAmps { get; set; }

    /// <summary>When it arrived here (<see cref="TimeProvider.GetTimestamp"/>): freshness is judged by arrival, as for UDP.</summary>
    public long ReceivedTimestamp { get; set; }

    public ReadOnlySpan<ushort> CellMillivolts => _cells.AsSpan(0, ModuleCount * BatteryState.CellsPerModule);

    public static StatusJsonError TryRead(ReadOnlySpan<byte> utf8, RemoteStatus into) =>
        TryRead(new Utf8JsonReader(utf8, ReaderOptions), into);

    public static StatusJsonError TryRead(ReadOnlySequence<byte> utf8, RemoteStatus into) =>
        TryRead(new Utf8JsonReader(utf8, ReaderOptions), into);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    [Flags]
    private enum Seen
    {
        None = 0,
        Schema = 1 << 0,
        Soc = 1 << 1,
        PackVolts = 1 << 2,
        Current = 1 << 3,
        AmpHours = 1 << 4,
        Temps = 1 << 5,
        CellSummary = 1 << 6,
        Cutoffs = 1 << 7,
        Modules = 1 << 8,
        Cells = 1 << 9,
        Stale = 1 << 10,
        HasData = 1 << 11,
        Required = (1 << 12) - 1,
    }

    private static StatusJsonError TryRead(Utf8JsonReader r, RemoteStatus s)
    {
        try
        {
            return Read(ref r, s);
        }
        catch (JsonException)
        {
            return StatusJsonError.Malformed;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader throws this for a token of the wrong type (a string where a number belongs).
            return StatusJsonError.WrongSchema;
        }
        catch (FormatException)
        {
            return StatusJsonError.WrongSchema;
        }
    }

    private static StatusJsonError Read(ref Utf8JsonReader r, RemoteStatus s)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return r.TokenType == JsonTokenType.None ? StatusJsonError.Malformed : StatusJsonError.WrongSchema;
        }

        Seen seen = Seen.None;
        int cellCount = 0;
        s.PreciseValid = false;
        s.HasControllerStatus = s.HasChargeCommand = false;
        s.Protocol = null;
        s.MaxCellCount = s.ActiveCellCount = 0;
        s.BmsId = s.DisplayId = "";
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            string name = r.GetString()!;
            if (!r.Read())
            {
                return StatusJsonError.Malformed;
            }

            switch (name)
            {
                case "schema":
                    if (r.GetInt32() != StatusSnapshot.SchemaVersion)
                    {
                        Finish(ref r);
                        return StatusJsonError.WrongSchema;
                    }

                    seen |= Seen.Schema;
                    break;
                case "bmsId": s.BmsId = r.GetString() ?? ""; break;
                case "displayId": s.DisplayId = r.GetString() ?? ""; break;
                case "timestamp": s.Timestamp = r.GetDateTimeOffset(); break;
                case "hasData": s.HasData = r.GetBoolean(); seen |= Seen.HasData; break;
                case "protocol":
                    s.Protocol = r.ValueTextEquals("pylontech"u8) ? BatteryProtocol.Pylontech : r.ValueTextEquals("evtv"u8) ? BatteryProtocol.Evtv : null;
                    break;
                case "soc": s.SocPercent = Single(ref r); seen |= Seen.Soc; break;
                case "packVolts": s.PackVolts = Single(ref r); seen |= Seen.PackVolts; break;
                case "currentAmps": s.CurrentAmps = Single(ref r); seen |= Seen.Current; break;
                case "ampHours": s.AmpHours = Single(ref r); seen |= Seen.AmpHours; break;
                case "maxTempC": s.MaxTemperatureC = r.GetInt32(); seen |= Seen.Temps; break;
                case "minTempC": s.MinTemperatureC = r.GetInt32(); break;
                case "cellLowMv": s.LowCellMillivolts = r.GetInt32(); seen |= Seen.CellSummary; break;
                case "cellHighMv": s.HighCellMillivolts = r.GetInt32(); break;
                case "cellAvgMv": s.AverageCellMillivolts = r.GetInt32(); break;
                case "maxCells": s.MaxCellCount = r.GetInt32(); break;
                case "activeCells": s.ActiveCellCount = r.GetInt32(); break;
                case "highCutoffVolts": s.HighCutoffVolts = Single(ref r); seen |= Seen.Cutoffs; break;
                case "lowCutoffVolts": s.LowCutoffVolts = Single(ref r); break;
                case "moduleCount": s.ModuleCount = r.GetInt32(); seen |= Seen.Modules; break;
                case "preciseCurrentAmps": s.PreciseCurrentAmps = Single(ref r); s.PreciseValid = true; break;
                case "precisePowerWatts": s.PrecisePowerWatts = Single(ref r); break;
                case "cellsMv":
                    if (r.TokenType != JsonTokenType.StartArray)
                    {
                        return StatusJsonError.WrongSchema;
                    }

                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        if (cellCount == BatteryState.MaxCells)
                        {
                            return StatusJsonError.WrongSchema;
                        }

                        s._cells[cellCount++] = r.GetUInt16();
                    }

                    seen |= Seen.Cells;
                    break;
                case "stale":
                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        return StatusJsonError.WrongSchema;
                    }

                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        string flag = r.GetString()!;
                        r.Read();
                        switch (flag)
                        {
                            case "pack": s.PackStale = r.GetBoolean(); break;
                            case "soc": s.SocStale = r.GetBoolean(); break;
                            case "cells": s.CellsStale = r.GetBoolean(); break;
                            default: r.Skip(); break;
                        }
                    }

                    seen |= Seen.Stale;
                    break;
                case "controller":
                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        return StatusJsonError.WrongSchema;
                    }

                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        string field = r.GetString()!;
                        r.Read();
                        switch (field)
                        {
                            case "stale": s.ControllerStatusStale = r.GetBoolean(); break;
                            case "flags": s.ControllerFlags = (ControllerFlags)r.GetByte() & ControllerFlags.Known; break;
                            case "faultCode": s.FaultCode = r.GetByte() & ControllerFaults.Max; break;
                            default: r.Skip(); break;
                        }
                    }

                    s.HasControllerStatus = true;
                    break;
                case "chargeCommand":
                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        return StatusJsonError.WrongSchema;
                    }

                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        string field = r.GetString()!;
                        r.Read();
                        switch (field)
                        {
                            case "stale": s.ChargeCommandStale = r.GetBoolean(); break;
                            case "tcchAmps": s.ChargeCommandAmps = Single(ref r); break;
                            case "frequencyShiftVolts": s.FrequencyShiftVolts = Single(ref r); break;
                            default: r.Skip(); break;
                        }
                    }

                    s.HasChargeCommand = s.ChargeCommandAmps is >= 0 and <= 6553.5f && s.FrequencyShiftVolts is >= 0 and <= 655.35f;
                    break;
                default:
                    // Later schema additions (frames, controllerIp, ...) are not needed to show the battery.
                    r.Skip();
                    break;
            }
        }

        if (r.TokenType != JsonTokenType.EndObject)
        {
            return StatusJsonError.Malformed;
        }

        Finish(ref r);
        if ((seen & Seen.Required) != Seen.Required)
        {
            return StatusJsonError.WrongSchema;
        }

        bool plausible = s.ModuleCount is >= 0 and <= BatteryState.MaxModules
            && cellCount == s.ModuleCount * BatteryState.CellsPerModule
            && s.SocPercent is >= 0 and <= PhysicalBounds.MaxSocPercent
            && s.PackVolts is >= 0 and <= PhysicalBounds.MaxPackVolts
            && s.MaxTemperatureC is >= -128 and <= PhysicalBounds.MaxTemperatureC
            && s.MinTemperatureC is >= -128 and <= PhysicalBounds.MaxTemperatureC
            && s.LowCellMillivolts is >= 0 and <= PhysicalBounds.MaxCellMillivolts
            && s.HighCellMillivolts is >= 0 and <= PhysicalBounds.MaxCellMillivolts
            && s.AverageCellMillivolts is >= 0 and <= PhysicalBounds.MaxCellMillivolts
            && s.HighCutoffVolts is >= 0 and <= PhysicalBounds.MaxCellMillivolts / 1000f
            && s.LowCutoffVolts is >= 0 and <= PhysicalBounds.MaxCellMillivolts / 1000f
            && s.MaxCellCount is >= 0 and <= 255 && s.ActiveCellCount is >= 0 and <= 255;
        return plausible ? StatusJsonError.None : StatusJsonError.WrongSchema;
    }

    /// <summary>Anything after the top-level object makes the document malformed (the reader throws).</summary>
    private static void Finish(ref Utf8JsonReader r)
    {
        while (r.Read())
        {
        }
    }

    private static float Single(ref Utf8JsonReader r)
    {
        double d = r.GetDouble();
        if (!double.IsFinite(d) || Math.Abs(d) > 1e7)
        {
            throw new FormatException("out of range");
        }

        return (float)d;
    }
}
