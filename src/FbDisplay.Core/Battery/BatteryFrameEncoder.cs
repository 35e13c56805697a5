using System.Buffers.Binary;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Battery;

/// <summary>
/// Builds battery protocol frames from engineering values, scaling as the manual does (truncating toward zero:
/// 48.76 V -> 487, 77.75 % -> 155). Used by the simulator and the tests; the display itself only decodes.
/// </summary>
public static class BatteryFrameEncoder
{
    public static CanFrame Pack(float currentAmps, float packVolts, float ampHours, int maxTempC, int minTempC)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteInt16LittleEndian(d, ClampInt16(Scale(currentAmps, 1)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], ClampUInt16(Scale(packVolts, 10)));
        BinaryPrimitives.WriteInt16LittleEndian(d[4..], ClampInt16(Scale(ampHours, 10)));
        d[6] = ClampByte(maxTempC);
        d[7] = ClampByte(minTempC);
        return CanFrame.Create(BatteryMessageIds.Pack, d);
    }

    public static CanFrame PackPrecise(float currentAmps, float powerWatts)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(d, Scale(currentAmps, 100));
        BinaryPrimitives.WriteInt32LittleEndian(d[4..], Scale(powerWatts, 100));
        return CanFrame.Create(BatteryMessageIds.PackPrecise, d);
    }

    public static CanFrame Soc(float percent) =>
        CanFrame.Create(BatteryMessageIds.Soc, [ClampByte(Scale(percent, 2))]);

    public static CanFrame CellSummary(float lowVolts, float highVolts, float averageVolts, int maxCells = -1, int activeCells = -1)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(d, ClampUInt16(Scale(lowVolts, 1000)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], ClampUInt16(Scale(highVolts, 1000)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], ClampUInt16(Scale(averageVolts, 1000)));
        if (maxCells < 0)
        {
            return CanFrame.Create(BatteryMessageIds.CellSummary, d[..6]);
        }

        d[6] = ClampByte(maxCells);
        d[7] = ClampByte(activeCells);
        return CanFrame.Create(BatteryMessageIds.CellSummary, d);
    }

    public static CanFrame Cutoffs(float highCutoffVolts, float lowCutoffVolts)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], ClampUInt16(Scale(highCutoffVolts, 10)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], ClampUInt16(Scale(lowCutoffVolts, 10)));
        return CanFrame.Create(BatteryMessageIds.Cutoffs, d);
    }

    /// <summary>One 0x68F: module <paramref name="sequence"/> of <paramref name="moduleCount"/>, six cell volts.</summary>
    public static CanFrame Cells(int sequence, int moduleCount, ReadOnlySpan<float> sixCellVolts)
    {
        Span<byte> d = stackalloc byte[8];
        d[0] = ClampByte(sequence);
        d[1] = ClampByte(moduleCount);
        for (int i = 0; i < 6; i++)
        {
            d[2 + i] = ClampByte(Scale(sixCellVolts[i] - 2.00f, 100));
        }

        return CanFrame.Create(BatteryMessageIds.Cells, d);
    }

    /// <summary>One 0x654: the flags byte (unknown bits kept as given) and the fault code.</summary>
    public static CanFrame ControllerStatus(ControllerFlags flags, int faultCode) =>
        CanFrame.Create(BatteryMessageIds.ControllerStatus, [(byte)flags, ClampByte(faultCode), 0, 0, 0, 0, 0, 0]);

    /// <summary>One 0x683: frequency-shift volts x100 in bytes 2-3, TCCH amps x10 in bytes 4-5.</summary>
    public static CanFrame ChargeCommand(float frequencyShiftVolts, float chargeCommandAmps)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], ClampUInt16(Scale(frequencyShiftVolts, 100)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], ClampUInt16(Scale(chargeCommandAmps, 10)));
        return CanFrame.Create(BatteryMessageIds.ChargeCommand, d);
    }

    /// <summary>Pylontech 0x351: charge voltage limit, charge and discharge current limits, discharge voltage limit.</summary>
    public static CanFrame PylontechLimits(float chargeVolts, float chargeAmps, float dischargeAmps, float dischargeVolts)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(d, ClampUInt16(Scale(chargeVolts, 10)));
        BinaryPrimitives.WriteInt16LittleEndian(d[2..], ClampInt16(Scale(chargeAmps, 10)));
        BinaryPrimitives.WriteInt16LittleEndian(d[4..], ClampInt16(Scale(dischargeAmps, 10)));
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], ClampUInt16(Scale(dischargeVolts, 10)));
        return CanFrame.Create(PylontechMessageIds.Limits, d);
    }

    /// <summary>Pylontech 0x355: SOC and SOH in whole percent.</summary>
    public static CanFrame PylontechSocSoh(int socPercent, int sohPercent)
    {
        Span<byte> d = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)Math.Clamp(socPercent, 0, 100));
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], (ushort)Math.Clamp(sohPercent, 0, 100));
        return CanFrame.Create(PylontechMessageIds.SocSoh, d);
    }

    /// <summary>Pylontech 0x356: volts x100, amps x10 (positive = charging), °C x10.</summary>
    public static CanFrame PylontechMeasurements(float volts, float amps, float temperatureC)
    {
        Span<byte> d = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(d, ClampUInt16(Scale(volts, 100)));
        BinaryPrimitives.WriteInt16LittleEndian(d[2..], ClampInt16(Scale(amps, 10)));
        BinaryPrimitives.WriteInt16LittleEndian(d[4..], ClampInt16(Scale(temperatureC, 10)));
        return CanFrame.Create(PylontechMessageIds.Measurements, d);
    }

    /// <summary>Pylontech 0x359: protection and warning flags, pack count, "PN".</summary>
    public static CanFrame PylontechAlarms(int protection, int warnings, int packs)
    {
        Span<byte> d = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)protection);
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], (ushort)warnings);
        d[4] = ClampByte(packs);
        d[5] = (byte)'P';
        d[6] = (byte)'N';
        return CanFrame.Create(PylontechMessageIds.Alarms, d);
    }

    /// <summary>Pylontech 0x35C: request flags (charge enable 0x80, discharge enable 0x40, ...).</summary>
    public static CanFrame PylontechRequests(int flags) => CanFrame.Create(PylontechMessageIds.Requests, [(byte)flags, 0]);

    /// <summary>Pylontech 0x35E: up to eight ASCII characters, space-padded.</summary>
    public static CanFrame PylontechName(string name)
    {
        Span<byte> d = stackalloc byte[8];
        d.Fill((byte)' ');
        for (int i = 0; i < Math.Min(8, name.Length); i++)
        {
            d[i] = (byte)name[i];
        }

        return CanFrame.Create(PylontechMessageIds.Name, d);
    }

    /// <summary>0x373: lowest and highest cell mV, coldest and hottest cell in kelvin.</summary>
    public static CanFrame PylontechCellExtremes(int lowMillivolts, int highMillivolts, int coldC, int hotC)
    {
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(d, ClampUInt16(lowMillivolts));
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], ClampUInt16(highMillivolts));
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], ClampUInt16(coldC + 273));
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], ClampUInt16(hotC + 273));
        return CanFrame.Create(PylontechMessageIds.CellExtremes, d);
    }

    /// <summary>
    /// value x factor truncated toward zero as the manual does, after rounding away float noise
    /// (3.274f x 1000 is 3273.99998, which must still be 3274).
    /// </summary>
    public static int Scale(double value, double factor) => (int)Math.Truncate(Math.Round(value * factor, 3));

    private static short ClampInt16(int v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);

    private static ushort ClampUInt16(int v) => (ushort)Math.Clamp(v, 0, ushort.MaxValue);

    private static byte ClampByte(int v) => (byte)Math.Clamp(v, 0, 255);
}
