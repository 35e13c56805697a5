using FbDisplay.Core.Alarms;
using FbDisplay.Settings;

namespace FbDisplay.App;

/// <summary>
/// The settings SAVE applies to the running display at once: one handler per setting the catalogue declares
/// <see cref="SettingApply.Live"/> (a test checks that none is missing). Handlers run on the UI thread; a value the
/// setting does not take, or a part of the display that is not running, leaves the change for the next start.
/// </summary>
public sealed class LiveSettings
{
    private readonly Dictionary<string, Func<string, bool>> _handlers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys with a handler.</summary>
    public IReadOnlyCollection<string> Keys => _handlers.Keys;

    /// <summary>Applies a saved value; false when it waits for a restart.</summary>
    public bool Apply(string key, string value) => _handlers.TryGetValue(key, out Func<string, bool>? handler) && handler(value);

    public static LiveSettings For(Appliance a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var live = new LiveSettings();
        live.Always(Catalog.Battery.InvertCurrent, invert => a.Decoder.InvertCurrent = invert);
        live.Always(Catalog.Controller.CapacityAh, ah => a.Energy.CapacityAmpHours = (float)ah);
        live.WhileShown(a, Catalog.Display.Brightness, (screen, percent) => screen.SetBrightness(percent));
        live.WhileShown(a, Catalog.Display.SleepMinutes, (screen, minutes) => screen.SetSleepMinutes(minutes));
        live.WhileShown(a, Catalog.Display.TemperatureUnit, (screen, unit) => screen.Context.TemperatureUnit = unit);
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var kind = (AlarmKind)i;
            live.Always(Catalog.Alarms.For(kind).Threshold, threshold =>
            {
                AlarmSettings rules = a.Alarms.Monitor.Settings;
                a.Alarms.Monitor.Settings = rules.With(kind, rules[kind] with { Threshold = threshold });
            });
        }

        return live;
    }

    private void Always<T>(Setting<T> setting, Action<T> apply) => Add(setting, v =>
    {
        apply(v);
        return true;
    });

    /// <summary>A setting of the screen: applied while there is one (headless, it waits for a start with a screen).</summary>
    private void WhileShown<T>(Appliance a, Setting<T> setting, Action<TouchScreen, T> apply) => Add(setting, v =>
    {
        if (a.Screen is not { } screen)
        {
            return false;
        }

        apply(screen, v);
        return true;
    });

    private void Add<T>(Setting<T> setting, Func<T, bool> apply)
    {
        if (setting.Apply != SettingApply.Live)
        {
            throw new InvalidOperationException($"{setting.Key} is not declared live in the catalogue.");
        }

        _handlers.Add(setting.Key, raw => setting.TryParse(raw, out T? value) && apply(value));
    }
}
