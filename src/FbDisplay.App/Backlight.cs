using FbDisplay.Linux.Backlight;
using FbDisplay.Ui.Input;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The backlight and screen sleep: brightness in percent, off after the configured minutes without a touch, on again
/// at a touch, an alarm or the button. The sysfs writes go to the thread pool: the UI thread never does I/O.
/// </summary>
internal sealed class Backlight
{
    private readonly ILogger _log;
    private readonly SysfsBacklight? _sysfs;
    private int _brightness;

    public Backlight(int percent, int sleepMinutes, TimeProvider time, ILogger log)
    {
        _log = log;
        _brightness = percent;
        try
        {
            _sysfs = SysfsBacklight.Find();
        }
        catch (IOException e)
        {
            log.LogWarning("Backlight not available: {Error}", e.Message);
        }

        if (_sysfs is null)
        {
            log.LogInformation("No backlight in /sys/class/backlight: brightness and screen sleep do nothing here");
        }
        else
        {
            Switch(true);
        }

        Sleep = new ScreenSleep(time, TimeSpan.FromMinutes(sleepMinutes)) { SwitchLight = Switch };
    }

    public ScreenSleep Sleep { get; }

    /// <summary>Sets the brightness now (UI thread); a sleeping screen keeps it for when it wakes.</summary>
    public void SetBrightness(int percent)
    {
        _brightness = Math.Clamp(percent, 5, 100);
        if (!Sleep.IsAsleep)
        {
            Switch(true);
        }
    }

    private void Switch(bool on)
    {
        SysfsBacklight? backlight = _sysfs;
        int percent = _brightness;
        if (backlight is null)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                if (on)
                {
                    backlight.Percent = percent;
                }

                backlight.IsOn = on;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning("Backlight {Directory}: {Error}", backlight.Directory, e.Message);
            }
        });
    }
}
