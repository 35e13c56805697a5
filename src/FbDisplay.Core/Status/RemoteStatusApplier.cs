using FbDisplay.Core.Battery;

namespace FbDisplay.Core.Status;

/// <summary>
/// Puts a status received over MQTT into the model as if its frames had arrived here: values are copied and the
/// groups the sender had fresh are stamped with the arrival time, so stale detection works as for local data (a
/// group the sender marks stale is not refreshed and goes stale here too). UI thread only, like the decoder.
/// </summary>
public static class RemoteStatusApplier
{
    public static void ApplyRemote(this BatteryState state, RemoteStatus status, long receivedTimestamp)
    {
        if (!status.HasData)
        {
            return; // A sender with nothing to say leaves the model alone; it goes stale on its own.
        }

        long t = receivedTimestamp == 0 ? 1 : receivedTimestamp;
        if (status.Protocol is { } protocol)
        {
            state.Protocol = protocol; // the receiver shows what the sender's battery does not send as not available too
        }

        if (!status.PackStale)
        {
            state.PackCurrentAmps = status.CurrentAmps;
            state.PackVolts = status.PackVolts;
            state.AmpHours = status.AmpHours;
            state.MaxTemperatureC = status.MaxTemperatureC;
            state.MinTemperatureC = status.MinTemperatureC;
            state.Pack.Touch(t);
        }

        if (status.PreciseValid)
        {
            state.PreciseCurrentAmps = status.PreciseCurrentAmps;
            state.PrecisePowerWatts = status.PrecisePowerWatts;
            state.PackPrecise.Touch(t);
        }

        if (!status.SocStale)
        {
            state.SocPercent = status.SocPercent;
            state.Soc.Touch(t);
        }

        // The JSON carries no stale flag for these two; they travel with every message. A sender whose every group is
        // stale has lost its controller: its last summary and cutoffs are old news, so they must go stale here too
        // (the controller-lost alarm counts from them, and the cell alarms must not judge frozen values).
        bool senderHearsController = !(status.PackStale && status.SocStale && status.CellsStale);
        if (senderHearsController && (status.LowCellMillivolts != 0 || status.HighCellMillivolts != 0))
        {
            state.LowCellMillivolts = status.LowCellMillivolts;
            state.HighCellMillivolts = status.HighCellMillivolts;
            state.AverageCellMillivolts = status.AverageCellMillivolts;
            state.MaxCellCount = status.MaxCellCount;
            state.ActiveCellCount = status.ActiveCellCount;
            state.CellSummary.Touch(t);
        }

        if (senderHearsController && (status.HighCutoffVolts != 0 || status.LowCutoffVolts != 0))
        {
            state.HighCutoffVolts = status.HighCutoffVolts;
            state.LowCutoffVolts = status.LowCutoffVolts;
            state.Cutoffs.Touch(t);
        }

        if (status.HasControllerStatus && !status.ControllerStatusStale)
        {
            state.SetControllerStatus(status.ControllerFlags, status.FaultCode, t);
        }

        if (status.HasChargeCommand && !status.ChargeCommandStale)
        {
            state.FrequencyShiftVolts = status.FrequencyShiftVolts;
            state.ChargeCommandAmps = status.ChargeCommandAmps;
            state.ChargeCommand.Touch(t);
        }

        if (!status.CellsStale && status.ModuleCount > 0)
        {
            // Cells travel as millivolts; the model stores the wire's 10 mV steps above 2.00 V (0x68F), which is
            // exactly what the sender decoded, so the round trip is lossless.
            Span<byte> six = stackalloc byte[BatteryState.CellsPerModule];
            ReadOnlySpan<ushort> cells = status.CellMillivolts;
            for (int m = 0; m < status.ModuleCount; m++)
            {
                for (int i = 0; i < six.Length; i++)
                {
                    int mv = cells[(m * BatteryState.CellsPerModule) + i];
                    six[i] = (byte)Math.Clamp((mv - 2000 + 5) / 10, 0, 255);
                }

                state.SetModule(m, status.ModuleCount, six, t);
            }
        }
    }
}
