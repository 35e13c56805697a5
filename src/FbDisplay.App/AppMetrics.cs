using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;

namespace FbDisplay.App;

/// <summary>What /metrics shows: the frame counters and the loop, then each module's own, then the process.</summary>
internal sealed class AppMetrics(Appliance app) : IMetricsSource
{
    private static readonly FrameRejectReason[] Reasons = Enum.GetValues<FrameRejectReason>();

    public void WriteMetrics(MetricsText m)
    {
        FrameCounters c = app.Counters;
        m.Add("fbdisplay_frames_received_total", "Datagrams and CAN frames read from any transport.", "counter", c.Received);
        m.Add("fbdisplay_frames_accepted_total", "Frames applied to the battery model.", "counter", c.Accepted);
        m.Add("fbdisplay_frames_dropped_total", "Frames dropped because the UI thread fell behind (oldest first).", "counter", c.Dropped);
        foreach (FrameRejectReason r in Reasons)
        {
            if (r != FrameRejectReason.None)
            {
                m.Add("fbdisplay_frames_rejected_total", "Frames rejected, by reason.", "counter", c.Rejected(r), $"reason=\"{r}\"");
            }
        }

        app.Sources.WriteMetrics(m);
        WriteController(m);
        m.Add("fbdisplay_log_lines_written_total", "PowerSafe100.log lines made durable.", "counter", app.Log.LinesWritten);
        m.Add("fbdisplay_log_lines_dropped_total", "Log lines lost to a long disk failure.", "counter", app.Log.LinesDropped);
        m.Add("fbdisplay_log_write_failures_total", "Failed log writes (full or failing disk).", "counter", app.Log.WriteFailures);
        m.Add("fbdisplay_storage_ok", "1 when the data directory could be written at start.", "gauge", app.Notes.StorageProblem is null ? 1 : 0);
        m.Add("fbdisplay_settings_ignored", "Settings not taken as written at start (the journal says which).", "gauge", app.Notes.Settings.Count);
        m.Add("fbdisplay_ticks_total", "UI thread ticks.", "counter", app.Loop.Ticks);
        m.Add("fbdisplay_samples_total", "Per-second samples taken.", "counter", app.Loop.SamplesTaken);
        app.Mqtt.WriteMetrics(m);
        app.History.WriteMetrics(m);
        app.Alarms.WriteMetrics(m);
        app.Energy.WriteMetrics(m);
        if (app.Gpio is { } gpio)
        {
            AlarmOutputs.WriteMetrics(gpio, m);
        }

        app.Sharing.WriteMetrics(m);
        if (app.Screen is { } screen)
        {
            m.Add("fbdisplay_screen_png_encodes_total", "Screen PNGs encoded for /screen.png (requests arriving together share one).", "counter", screen.PngEncodes);
        }

        m.Add("process_resident_memory_bytes", "Resident set size.", "gauge", Environment.WorkingSet);
        m.Add("dotnet_gc_heap_bytes", "Managed heap size.", "gauge", GC.GetTotalMemory(false));
    }

    /// <summary>The controller's own state (0x654, 0x683), once it has sent any; a scrape reads a copy of the board.</summary>
    private void WriteController(MetricsText m)
    {
        var s = new Core.Status.StatusSnapshot();
        app.Loop.Board.Read(s);
        if (s.HasControllerStatus)
        {
            ControllerFlags f = s.ControllerFlags;
            m.Add("fbdisplay_controller_status_fresh", "1 while 0x654 arrives (contactors, enables, fault).", "gauge", s.ControllerStatusStale ? 0 : 1);
            m.Add("fbdisplay_contactor_open", "1 while the controller reports the contactor open.", "gauge", (f & ControllerFlags.NegativeContactorOpen) != 0 ? 1 : 0, "contactor=\"negative\"");
            m.Add("fbdisplay_contactor_open", "1 while the controller reports the contactor open.", "gauge", (f & ControllerFlags.PositiveContactorOpen) != 0 ? 1 : 0, "contactor=\"positive\"");
            m.Add("fbdisplay_controller_fault_code", "The controller's fault code, 0 = none.", "gauge", s.FaultCode);
            m.Add("fbdisplay_controller_charge_enabled", "1 while the controller enables charging.", "gauge", (f & ControllerFlags.ChargeEnabled) != 0 ? 1 : 0);
            m.Add("fbdisplay_controller_heat_enabled", "1 while the controller enables the heater.", "gauge", (f & ControllerFlags.HeatEnabled) != 0 ? 1 : 0);
            m.Add("fbdisplay_controller_usb_powered", "1 while the controller runs from USB power.", "gauge", (f & ControllerFlags.UsbPowered) != 0 ? 1 : 0);
        }

        if (s.HasChargeCommand)
        {
            m.Add("fbdisplay_charge_command_amps", "The controller's charge-current command TCCH (0x683).", "gauge", s.ChargeCommandAmps);
            m.Add("fbdisplay_frequency_shift_volts", "The controller's frequency-shift voltage (0x683).", "gauge", s.FrequencyShiftVolts);
        }
    }
}
