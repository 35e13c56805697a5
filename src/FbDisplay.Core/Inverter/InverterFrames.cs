using System.Buffers.Binary;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Inverter;

/// <summary>The owner's inverter settings (Inverter:*), already resolved from the catalogue.</summary>
/// <param name="ChargeVolts">Inverter:ChargeVolts; 0 = <paramref name="BalanceVolts"/> x the series cell count.</param>
/// <param name="SeriesCells">Inverter:SeriesCells; 0 = the cell count the controller reports.</param>
/// <param name="DischargeAmps">Inverter:DischargeAmps, the discharge current limit sent while discharge is allowed.</param>
/// <param name="BalanceVolts">Controller:BalanceVolts, the balance voltage per cell.</param>
public readonly record struct InverterSettings(double ChargeVolts, int SeriesCells, double DischargeAmps, double BalanceVolts);

/// <summary>What one second's frames say, in engineering units (see docs/inverter.md for where each comes from).</summary>
public readonly record struct InverterValues(
    float ChargeVolts, float ChargeAmps, float DischargeAmps, float DischargeVolts,
    int SocPercent, int SohPercent, float PackVolts, float PackAmps, float TemperatureC,
    int Protection, bool ChargeEnable, bool DischargeEnable);

/// <summary>Why no frames are sent this second; <see cref="Fresh"/> when they are.</summary>
public enum InverterDataState
{
    Fresh = 0,

    /// <summary>A group the frames need (0x150, 0x650, 0x652, 0x654) never arrived or is older than <see cref="InverterFrames.FreshWindow"/>.</summary>
    Stale,

    /// <summary>Neither Inverter:SeriesCells nor the controller gives a cell count, so no charge voltage can be worked out.</summary>
    NoCellCount,
}

/// <summary>
/// The inverter link's mapping, as pure functions: EVTV controller state to Pylontech-protocol values
/// (<see cref="TryMap"/>), values to the six frames (<see cref="Encode"/>). Layouts are the ones the decoder reads
/// (docs/wire-formats.md); the mapping is docs/inverter.md's.
/// </summary>
public static class InverterFrames
{
    /// <summary>How many frames <see cref="Encode"/> writes: 0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E.</summary>
    public const int Count = 6;

    /// <summary>
    /// The controller sends once a second; a group older than this stops the frames. Under the 2 s in which an
    /// owner must see the inverter told nothing more, with room for one late burst.
    /// </summary>
    public static readonly TimeSpan FreshWindow = TimeSpan.FromSeconds(1.5);

    /// <summary>SOH sent: the EVTV controller does not measure it.</summary>
    public const int SohPercent = 100;

    /// <summary>The name in 0x35E.</summary>
    public static ReadOnlySpan<byte> Name => "EVTV    "u8;

    /// <summary>The series cell count used: the setting, else the controller's active cells (0x651), else 6 per module (0x68F); 0 = unknown.</summary>
    public static int SeriesCells(BatteryState state, in InverterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(state);
        return settings.SeriesCells > 0 ? settings.SeriesCells
            : state.ActiveCellCount > 0 ? state.ActiveCellCount
            : state.CellCount;
    }

    /// <summary>The charge voltage limit: the setting, else balance volts x series cells (never the cutoff).</summary>
    public static float ChargeVolts(in InverterSettings settings, int seriesCells) =>
        settings.ChargeVolts > 0 ? (float)settings.ChargeVolts : (float)(settings.BalanceVolts * seriesCells);

    /// <summary>Maps fresh controller data to the frames' values; returns why not when it cannot.</summary>
    public static InverterDataState TryMap(BatteryState state, in InverterSettings settings, TimeProvider time, long now, out InverterValues values)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(time);
        values = default;
        if (!state.Pack.IsFresh(time, now, FreshWindow) || !state.Soc.IsFresh(time, now, FreshWindow)
            || !state.Cutoffs.IsFresh(time, now, FreshWindow) || !state.ControllerStatus.IsFresh(time, now, FreshWindow)
            || state.IsPylontech)
        {
            return InverterDataState.Stale;
        }

        int cells = SeriesCells(state, settings);
        if (cells <= 0)
        {
            return InverterDataState.NoCellCount;
        }

        bool closed = (state.ControllerFlags & ControllerFlags.ContactorsOpen) == 0;
        bool healthy = closed && state.FaultCode == ControllerFaults.None;
        bool charge = healthy && state.ChargeEnabled;
        float tcch = state.ChargeCommand.IsFresh(time, now, FreshWindow) ? state.ChargeCommandAmps : 0f;
        values = new InverterValues(
            ChargeVolts: ChargeVolts(settings, cells),
            ChargeAmps: charge ? tcch : 0f,
            DischargeAmps: healthy ? (float)settings.DischargeAmps : 0f,
            DischargeVolts: state.LowCutoffVolts * cells,
            SocPercent: (int)MathF.Round(state.SocPercent),
            SohPercent: SohPercent,
            PackVolts: state.PackVolts,
            PackAmps: state.PackCurrentAmps,
            TemperatureC: state.MaxTemperatureC,
            Protection: Protection(state.FaultCode),
            ChargeEnable: charge,
            DischargeEnable: healthy);
        return InverterDataState.Fresh;
    }

    /// <summary>0x359's protection bits for a 0x654 fault code (an unknown code is a system error).</summary>
    public static int Protection(int faultCode) => faultCode switch
    {
        ControllerFaults.None => 0,
        ControllerFaults.CellUnderVoltage => PylontechFlags.CellOrModuleUnderVoltage,
        ControllerFaults.CellOverVoltage => PylontechFlags.CellOrModuleOverVoltage,
        ControllerFaults.ModuleUnderTemperature => PylontechFlags.UnderTemperature,
        ControllerFaults.ModuleOverTemperature => PylontechFlags.OverTemperature,
        _ => PylontechFlags.SystemError,
    };

    /// <summary>Writes the six frames into <paramref name="frames"/> (at least <see cref="Count"/> long); allocates nothing.</summary>
    public static void Encode(in InverterValues v, Span<CanFrame> frames)
    {
        if (frames.Length < Count)
        {
            throw new ArgumentException($"Needs room for {Count} frames.", nameof(frames));
        }

        Span<byte> d = stackalloc byte[8];
        d.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d, U16(v.ChargeVolts, 10));
        BinaryPrimitives.WriteInt16LittleEndian(d[2..], I16(v.ChargeAmps, 10));
        BinaryPrimitives.WriteInt16LittleEndian(d[4..], I16(v.DischargeAmps, 10));
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], U16(v.DischargeVolts, 10));
        frames[0] = CanFrame.Create(PylontechMessageIds.Limits, d);

        d.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)Math.Clamp(v.SocPercent, 0, 100));
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], (ushort)Math.Clamp(v.SohPercent, 0, 100));
        frames[1] = CanFrame.Create(PylontechMessageIds.SocSoh, d[..4]);

        d.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d, U16(v.PackVolts, 100));
        BinaryPrimitives.WriteInt16LittleEndian(d[2..], I16(v.PackAmps, 10));
        BinaryPrimitives.WriteInt16LittleEndian(d[4..], I16(v.TemperatureC, 10));
        frames[2] = CanFrame.Create(PylontechMessageIds.Measurements, d[..6]);

        d.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)v.Protection);
        d[4] = 1; // one "module": the controller's pack
        d[5] = (byte)'P';
        d[6] = (byte)'N';
        frames[3] = CanFrame.Create(PylontechMessageIds.Alarms, d[..7]);

        d.Clear();
        d[0] = (byte)((v.ChargeEnable ? PylontechFlags.ChargeEnable : 0) | (v.DischargeEnable ? PylontechFlags.DischargeEnable : 0));
        frames[4] = CanFrame.Create(PylontechMessageIds.Requests, d[..2]);

        frames[5] = CanFrame.Create(PylontechMessageIds.Name, Name);
    }

    private static ushort U16(float value, int factor) => (ushort)Math.Clamp(BatteryFrameEncoder.Scale(value, factor), 0, ushort.MaxValue);

    private static short I16(float value, int factor) => (short)Math.Clamp(BatteryFrameEncoder.Scale(value, factor), short.MinValue, short.MaxValue);
}
