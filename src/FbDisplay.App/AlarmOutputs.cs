using FbDisplay.Linux.Gpio;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>The alarms' hardware: relay and buzzer outputs and the acknowledge button on the GPIO header.</summary>
internal static class AlarmOutputs
{
    /// <summary>The pins as configured, or null when none is (then no gpiochip is opened).</summary>
    public static GpioAlarmPins? Create(GpioOptions options, TimeProvider time, ILogger log)
    {
        if (!options.IsEnabled)
        {
            return null;
        }

        var pins = new GpioAlarmPins(options, time, m => log.LogWarning("{Message}", m));
        log.LogInformation("GPIO: {Status}", pins.Status);
        return pins;
    }

    public static void WriteMetrics(GpioAlarmPins gpio, MetricsText m)
    {
        foreach (GpioOutputStatus o in gpio.Outputs)
        {
            m.Add("fbdisplay_gpio_output_on", "1 while the output is switched on.", "gauge", o.IsOn ? 1 : 0, $"pin=\"{o.Pin}\"");
        }

        foreach (GpioOutputStatus o in gpio.Outputs)
        {
            m.Add("fbdisplay_gpio_output_switches_total", "Times the output was switched.", "counter", o.Switches, $"pin=\"{o.Pin}\"");
        }

        m.Add("fbdisplay_gpio_button_presses_total", "Presses of the acknowledge button.", "counter", gpio.ButtonPresses);
        m.Add("fbdisplay_gpio_errors_total", "GPIO writes or reads that failed.", "counter", gpio.Errors);
    }
}
