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

    /// <summary>
    /// Frames of the other protocol in a row after which Auto switches (a battery swapped for another kind without a
    /// restart); a stray frame or two never does. About ten seconds of either protocol.
    /// </summary>
    public const int AutoSwitchAfterFrames = 50;

    private int _otherProtocolRun;

    /// <summary>The Battery:Protocol setting: Auto chooses from the first frame and says so in <see cref="BatteryState.Protocol"/>.</summary>
    public BatteryProtocol Protocol { get; set; }

    /// <summary>
    /// True while the inverter link sends Pylontech frames: such frames on the bus are ours (or the inverter's
    /// neighbours'), never a battery, so Auto does not choose or switch to them (counted as <see cref="FrameRejectReason.OtherProtocol"/>).
    /// </summary>
    public bool IgnorePylontech { get; set; }

    /// <summary>Bumped whenever <see cref="BatteryState.Protocol"/> is set or changes (the log says which was chosen).</summary>
    public int ProtocolVersion { get; private set; }

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

        BatteryProtocol family = PylontechMessageIds.IsPylontech(frame.Id) ? BatteryProtocol.Pylontech : BatteryProtocol.Evtv;
        if ((family == BatteryProtocol.Pylontech && IgnorePylontech) || !Admit(family))
        {
            counters.CountRejected(FrameRejectReason.OtherProtocol);
            return FrameRejectReason.OtherProtocol;
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
            case BatteryMessageIds.ControllerStatus:
                state.SetControllerStatus((ControllerFlags)d[0] & ControllerFlags.Known, d[1] & ControllerFaults.Max, timestamp);
                break;
            case BatteryMessageIds.ChargeCommand:
                state.FrequencyShiftVolts = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]) / 100f;
                state.ChargeCommandAmps = BinaryPrimitives.ReadUInt16LittleEndian(d[4..]) / 10f;
                state.ChargeCommand.Touch(timestamp);
                break;
            default:
                ApplyPylontech(frame.Id, d, timestamp);
                break;
        }

        counters.CountAccepted();
        return FrameRejectReason.None;
    }

    /// <summary>Whether a frame of <paramref name="family"/> may be applied now; Auto chooses (and may switch) here.</summary>
    private bool Admit(BatteryProtocol family)
    {
        BatteryProtocol wanted = Protocol == BatteryProtocol.Auto ? state.Protocol ?? family : Protocol;
        if (family != wanted)
        {
            if (Protocol != BatteryProtocol.Auto || ++_otherProtocolRun < AutoSwitchAfterFrames)
            {
                return false;
            }

            state.Clear(); // nothing of the old battery may stay on screen as if the new one had said it
            wanted = family;
        }

        _otherProtocolRun = 0;
        if (state.Protocol != wanted)
        {
            state.Protocol = wanted;
            ProtocolVersion++;
        }

        return true;
    }

    private void ApplyPylontech(uint id, ReadOnlySpan<byte> d, long timestamp)
    {
        switch (id)
        {
            case PylontechMessageIds.Limits:
                state.ChargeVoltageLimit = BinaryPrimitives.ReadUInt16LittleEndian(d) / 10f;
                state.ChargeCurrentLimitAmps = Math.Abs(BinaryPrimitives.ReadInt16LittleEndian(d[2..]) / 10f);
                state.DischargeCurrentLimitAmps = Math.Abs(BinaryPrimitives.ReadInt16LittleEndian(d[4..]) / 10f);
                state.DischargeVoltageLimit = d.Length >= 8 ? BinaryPrimitives.ReadUInt16LittleEndian(d[6..]) / 10f : 0;
                state.BmsLimits.Touch(timestamp);
                break;
            case PylontechMessageIds.SocSoh:
                int soc = BinaryPrimitives.ReadUInt16LittleEndian(d);
                int precise = d.Length >= 6 ? BinaryPrimitives.ReadUInt16LittleEndian(d[4..]) : 0;
                // The 0.01 % field only where it agrees with the whole percent (most batteries send zeros there).
                state.SocPercent = precise > 0 && Math.Abs((precise / 100f) - soc) < 1f ? precise / 100f : soc;
                state.SohPercent = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]);
                state.Soc.Touch(timestamp);
                break;
            case PylontechMessageIds.Measurements:
                state.PackVolts = BinaryPrimitives.ReadUInt16LittleEndian(d) / 100f;
                state.PackCurrentAmps = BinaryPrimitives.ReadInt16LittleEndian(d[2..]) / 10f; // positive = charging in every source; InvertCurrent is for EVTV controllers
                state.BatteryTemperatureC = BinaryPrimitives.ReadInt16LittleEndian(d[4..]) / 10f;
                state.AmpHours = 0; // not sent (docs/wire-formats.md: the log's AH column holds 0 then)
                if (!state.CellSummary.HasValue)
                {
                    // Without 0x373 the one battery temperature is both the hottest and the coldest reading.
                    state.MaxTemperatureC = state.MinTemperatureC = (int)MathF.Round(state.BatteryTemperatureC);
                }

                state.Pack.Touch(timestamp);
                break;
            case PylontechMessageIds.Alarms:
                state.ProtectionFlags = BinaryPrimitives.ReadUInt16LittleEndian(d);
                state.WarningFlags = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]);
                state.PackCount = d.Length >= 5 ? d[4] : 0;
                state.BmsAlarms.Touch(timestamp);
                break;
            case PylontechMessageIds.Requests:
                state.RequestFlags = d[0];
                state.BmsRequests.Touch(timestamp);
                break;
            case PylontechMessageIds.Name:
                state.SetName(d, timestamp);
                break;
            case PylontechMessageIds.CellExtremes:
                state.LowCellMillivolts = BinaryPrimitives.ReadUInt16LittleEndian(d);
                state.HighCellMillivolts = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]);
                state.AverageCellMillivolts = 0; // not sent
                state.MinTemperatureC = BinaryPrimitives.ReadUInt16LittleEndian(d[4..]) - 273;
                state.MaxTemperatureC = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]) - 273;
                state.CellSummary.Touch(timestamp);
                break;
        }
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
            BatteryMessageIds.ControllerStatus => 2,
            BatteryMessageIds.ChargeCommand => 6,
            PylontechMessageIds.Limits => 6,
            PylontechMessageIds.SocSoh => 4,
            PylontechMessageIds.Measurements => 6,
            PylontechMessageIds.Alarms => 4,
            PylontechMessageIds.Requests => 1,
            PylontechMessageIds.Name => 1,
            PylontechMessageIds.CellExtremes => 8,
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

        return PylontechMessageIds.IsPylontech(frame.Id) && !Plausible(frame.Id, frame.Payload) ? FrameRejectReason.ValueOutOfRange : FrameRejectReason.None;
    }

    /// <summary>What no battery sends: SOC or SOH over 100 %, a temperature outside -100..200 °C, a low cell above the high one.</summary>
    private static bool Plausible(uint id, ReadOnlySpan<byte> d)
    {
        switch (id)
        {
            case PylontechMessageIds.SocSoh:
                return BinaryPrimitives.ReadUInt16LittleEndian(d) <= 100 && BinaryPrimitives.ReadUInt16LittleEndian(d[2..]) <= 100;
            case PylontechMessageIds.Measurements:
                return BinaryPrimitives.ReadInt16LittleEndian(d[4..]) is >= -1000 and <= 2000;
            case PylontechMessageIds.CellExtremes:
                int low = BinaryPrimitives.ReadUInt16LittleEndian(d), high = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]);
                int coldK = BinaryPrimitives.ReadUInt16LittleEndian(d[4..]), hotK = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]);
                return low <= high && high <= 6000 && coldK <= hotK && coldK >= 173 && hotK <= 473;
            default:
                return true;
        }
    }
}
