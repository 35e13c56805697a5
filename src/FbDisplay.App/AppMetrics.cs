using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Services.Web;

namespace FbDisplay.App;

/// <summary>What /metrics shows: frame counters per reason, kernel drops, the log, the loop and the process.</summary>
internal sealed class AppMetrics(DisplayApp app) : IMetricsSource
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

        if (app.Udp is { } udp)
        {
            m.Add("fbdisplay_udp_kernel_drops_total", "Datagrams the kernel dropped because the socket buffer was full.", "counter", udp.KernelDrops());
        }

        WriteController(m);
        m.Add("fbdisplay_log_lines_written_total", "PowerSafe100.log lines made durable.", "counter", app.Log.LinesWritten);
        m.Add("fbdisplay_log_lines_dropped_total", "Log lines lost to a long disk failure.", "counter", app.Log.LinesDropped);
        m.Add("fbdisplay_log_write_failures_total", "Failed log writes (full or failing disk).", "counter", app.Log.WriteFailures);
        m.Add("fbdisplay_ticks_total", "UI thread ticks.", "counter", app.Loop.Ticks);
        m.Add("fbdisplay_samples_total", "Per-second samples taken.", "counter", app.Loop.SamplesTaken);
        app.Relay.WriteMetrics(m);
        app.History.WriteMetrics(m);
        app.Alarms.WriteMetrics(m);
        app.Energy.WriteMetrics(m);
        if (app.Gpio is { } gpio)
        {
            foreach (Linux.Gpio.GpioOutputStatus o in gpio.Outputs)
            {
                m.Add("fbdisplay_gpio_output_on", "1 while the output is switched on.", "gauge", o.IsOn ? 1 : 0, $"pin=\"{o.Pin}\"");
            }

            foreach (Linux.Gpio.GpioOutputStatus o in gpio.Outputs)
            {
                m.Add("fbdisplay_gpio_output_switches_total", "Times the output was switched.", "counter", o.Switches, $"pin=\"{o.Pin}\"");
            }

            m.Add("fbdisplay_gpio_button_presses_total", "Presses of the acknowledge button.", "counter", gpio.ButtonPresses);
            m.Add("fbdisplay_gpio_errors_total", "GPIO writes or reads that failed.", "counter", gpio.Errors);
        }
        if (app.Vnc is { } vnc)
        {
            Services.Vnc.VncCounters v = vnc.Counters;
            m.Add("fbdisplay_vnc_clients", "Screen-sharing clients connected now.", "gauge", v.Active);
            m.Add("fbdisplay_vnc_connections_total", "Screen-sharing connections accepted (VNC and browser).", "counter", v.Connections);
            m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.Rejected, "reason=\"max_clients\"");
            m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.HandshakeFailures, "reason=\"bad_handshake\"");
            m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.AuthFailures, "reason=\"wrong_password\"");
            m.Add("fbdisplay_vnc_closed_total", "Sessions closed by the server, by reason.", "counter", v.ProtocolErrors, "reason=\"protocol_error\"");
            m.Add("fbdisplay_vnc_closed_total", "Sessions closed by the server, by reason.", "counter", v.IdleTimeouts, "reason=\"idle\"");
            m.Add("fbdisplay_vnc_closed_total", "Sessions closed by the server, by reason.", "counter", v.SlowClients, "reason=\"not_reading\"");
            m.Add("fbdisplay_vnc_updates_total", "Framebuffer updates sent.", "counter", v.Updates);
            m.Add("fbdisplay_vnc_bytes_sent_total", "Bytes sent to screen-sharing clients.", "counter", v.BytesSent);
            m.Add("fbdisplay_vnc_encode_seconds_total", "Time spent catching up and encoding updates.", "counter", v.EncodeTime.TotalSeconds);
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
