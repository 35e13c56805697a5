using System.Buffers.Binary;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Battery;

/// <summary>
/// Applies battery protocol frames to a <see cref="BatteryState"/>. A frame is validated whole before any field is
/// written, so a rejected frame never half-applies. Runs on the UI thread; never allocates, never throws on input.
/// </summary>
public sealed class BatteryDecoder(BatteryState state, FrameCounters counters)
{
    /// <summary>
    /// Flips the sign of the pack current (0x150 and 0x151). Off = the manual's convention (positive = charging);
    /// third-party decoders of real controllers read the opposite sign.
    /// </summary>
    public bool InvertCurrent { get; set; }

    public BatteryState State => state;

    public FrameCounters Counters => counters;

    /// <summary>Validates and applies one frame; counts it as accepted or rejected.</summary>
    public FrameRejectReason Apply(in CanFrame frame, long timestamp)
    {
        FrameRejectReason reason = Validate(frame);
        if (reason != FrameRejectReason.None)
        {
            counters.CountRejected(reason);
            return reason;
        }

        ReadOnlySpan<byte> d = frame.Payload;
        float sign = InvertCurrent ? -1f : 1f;
        switch (frame.Id)
        {
            case BatteryMessageIds.Pack:
                state.PackCurrentAmps = sign * BinaryPrimitives.ReadInt16LittleEndian(d);
                state.PackVolts = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]) / 10f;
                state.AmpHours = BinaryPrimitives.ReadInt16LittleEndian(d[4..]) / 10f;
                state.MaxTemperatureC = d[6];
                state.MinTemperatureC = d[7];
                state.Pack.Touch(timestamp);
                break;
            case BatteryMessageIds.PackPrecise:
                state.PreciseCurrentAmps = sign * BinaryPrimitives.ReadInt32LittleEndian(d) / 100f;
                state.PrecisePowerWatts = sign * BinaryPrimitives.ReadInt32LittleEndian(d[4..]) / 100f;
                state.PackPrecise.Touch(timestamp);
                break;
            case BatteryMessageIds.Soc:
                state.SocPercent = d[0] / 2f;
                state.Soc.Touch(timestamp);
                break;
            case BatteryMessageIds.CellSummary:
                state.LowCellMillivolts = BinaryPrimitives.ReadUInt16LittleEndian(d);
                state.HighCellMillivolts = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]);
                state.AverageCellMillivolts = BinaryPrimitives.ReadUInt16LittleEndian(d[4..]);
                state.MaxCellCount = d.Length >= 8 ? d[6] : 0;
                state.ActiveCellCount = d.Length >= 8 ? d[7] : 0;
                state.CellSummary.Touch(timestamp);
                break;
            case BatteryMessageIds.Cutoffs:
                state.HighCutoffVolts = BinaryPrimitives.ReadUInt16LittleEndian(d[4..]) / 10f;
                state.LowCutoffVolts = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]) / 10f;
                state.Cutoffs.Touch(timestamp);
                break;
            case BatteryMessageIds.Cells:
                state.SetModule(d[0], d[1], d[2..8], timestamp);
                break;
        }

        counters.CountAccepted();
        return FrameRejectReason.None;
    }

    /// <summary>Checks a frame against the protocol without touching the model.</summary>
    public static FrameRejectReason Validate(in CanFrame frame)
    {
        if (frame.IsExtended)
        {
            return FrameRejectReason.ExtendedId;
        }

        if (frame.IsRemote)
        {
            return FrameRejectReason.RemoteFrame;
        }

        if (frame.Length > 8)
        {
            return FrameRejectReason.DataLengthOver8;
        }

        int needed = frame.Id switch
        {
            BatteryMessageIds.Pack => 8,
            BatteryMessageIds.PackPrecise => 8,
            BatteryMessageIds.Soc => 1,
            BatteryMessageIds.CellSummary => 6,
            BatteryMessageIds.Cutoffs => 8,
            BatteryMessageIds.Cells => 8,
            _ => -1,
        };
        if (needed < 0)
        {
            return FrameRejectReason.UnknownId;
        }

        if (frame.Length < needed)
        {
            return FrameRejectReason.PayloadTooShort;
        }

        ReadOnlySpan<byte> p = frame.Payload;
        switch (frame.Id)
        {
            case BatteryMessageIds.Pack:
                if (BinaryPrimitives.ReadUInt16LittleEndian(p[2..]) > PhysicalBounds.MaxPackVolts * 10)
                {
                    return FrameRejectReason.PackVoltageOutOfRange;
                }

                if (p[6] > PhysicalBounds.MaxTemperatureC || p[7] > PhysicalBounds.MaxTemperatureC)
                {
                    return FrameRejectReason.TemperatureOutOfRange;
                }

                break;
            case BatteryMessageIds.Soc when p[0] > PhysicalBounds.MaxSocPercent * 2:
                return FrameRejectReason.SocOutOfRange;
            case BatteryMessageIds.CellSummary
                when BinaryPrimitives.ReadUInt16LittleEndian(p) > PhysicalBounds.MaxCellMillivolts
                    || BinaryPrimitives.ReadUInt16LittleEndian(p[2..]) > PhysicalBounds.MaxCellMillivolts
                    || BinaryPrimitives.ReadUInt16LittleEndian(p[4..]) > PhysicalBounds.MaxCellMillivolts:
                return FrameRejectReason.CellVoltageOutOfRange;
            case BatteryMessageIds.Cutoffs
                when BinaryPrimitives.ReadUInt16LittleEndian(p[4..]) * 100 > PhysicalBounds.MaxCellMillivolts
                    || BinaryPrimitives.ReadUInt16LittleEndian(p[6..]) * 100 > PhysicalBounds.MaxCellMillivolts:
                return FrameRejectReason.CellVoltageOutOfRange;
        }

        if (frame.Id == BatteryMessageIds.Cells)
        {
            ReadOnlySpan<byte> d = frame.Payload;
            byte sequence = d[0];
            byte modules = d[1];
            if (modules is 0 or > BatteryState.MaxModules)
            {
                return FrameRejectReason.ModuleCountOutOfRange;
            }

            if (sequence >= modules)
            {
                return FrameRejectReason.SequenceOutOfRange;
            }
        }

        return FrameRejectReason.None;
    }
}
