namespace FbDisplay.Core.Alarms;

/// <summary>
/// When one alarm is raised and cleared. A "high" alarm is raised once its value has stayed above
/// <see cref="Threshold"/> for <see cref="Delay"/> and cleared once it has stayed below Threshold - Hysteresis for
/// the same delay; a "low" alarm mirrors that. The delay keeps a single noisy reading from raising anything; the
/// hysteresis keeps a value sitting on the threshold from raising and clearing every second.
/// </summary>
/// <param name="Enabled">False: never raised (and cleared at once if it was).</param>
/// <param name="Threshold">In the alarm's unit (see <see cref="AlarmSettings"/>). For the cell cutoff alarms 0 means
/// "the controller's own cutoff from 0x652".</param>
/// <param name="Hysteresis">How far back past the threshold the value must come to clear, in the same unit.</param>
/// <param name="Delay">How long the condition must hold, both to raise and to clear.</param>
public readonly record struct AlarmRule(bool Enabled, double Threshold, double Hysteresis, TimeSpan Delay);

/// <summary>Every alarm's rule, with defaults sensible for a LiFePO4 or NMC pack on an EVTV-style controller.</summary>
public sealed record AlarmSettings
{
    private readonly AlarmRule[] _rules = new AlarmRule[AlarmKinds.Count];

    public AlarmSettings()
    {
        // Volts; 0 = follow the controller's cutoffs (0x652), the limits it enforces itself.
        _rules[(int)AlarmKind.CellHigh] = new(true, 0, 0.02, TimeSpan.FromSeconds(5));
        _rules[(int)AlarmKind.CellLow] = new(true, 0, 0.02, TimeSpan.FromSeconds(5));

        // Millivolts between the highest and the lowest cell.
        _rules[(int)AlarmKind.CellSpread] = new(true, 150, 30, TimeSpan.FromSeconds(30));

        // Degrees Celsius (the wire's unit, whatever the screen shows).
        _rules[(int)AlarmKind.TemperatureHigh] = new(true, 50, 3, TimeSpan.FromSeconds(10));
        _rules[(int)AlarmKind.TemperatureLow] = new(true, 0, 2, TimeSpan.FromSeconds(10));

        // Percent.
        _rules[(int)AlarmKind.SocLow] = new(true, 15, 5, TimeSpan.FromSeconds(10));

        // Seconds without data / without the broker. Cleared as soon as data (or the broker) is back.
        _rules[(int)AlarmKind.ControllerLost] = new(true, 30, 0, TimeSpan.Zero);
        _rules[(int)AlarmKind.MqttDown] = new(true, 60, 0, TimeSpan.Zero);

        // States the controller reports (0x654): raised the moment it says so; the threshold is not used.
        _rules[(int)AlarmKind.ContactorOpen] = new(true, 0, 0, TimeSpan.Zero);
        _rules[(int)AlarmKind.ControllerFault] = new(true, 0, 0, TimeSpan.Zero);

        // A Pylontech-protocol battery's protection flags (0x359): raised while any is set.
        _rules[(int)AlarmKind.BmsProtection] = new(true, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The unit of an alarm's threshold and hysteresis, for settings and the alarm screen.</summary>
    public static string Unit(AlarmKind kind) => kind switch
    {
        AlarmKind.CellHigh or AlarmKind.CellLow => "V",
        AlarmKind.CellSpread => "mV",
        AlarmKind.TemperatureHigh or AlarmKind.TemperatureLow => "°C",
        AlarmKind.SocLow => "%",
        AlarmKind.ControllerLost or AlarmKind.MqttDown => "s",
        AlarmKind.ContactorOpen or AlarmKind.ControllerFault or AlarmKind.BmsProtection => "",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>True when a larger value is worse (raised above the threshold).</summary>
    public static bool IsHighAlarm(AlarmKind kind) => kind is not (AlarmKind.CellLow or AlarmKind.TemperatureLow or AlarmKind.SocLow);

    public AlarmRule this[AlarmKind kind] => _rules[(int)kind];

    /// <summary>A copy with one rule replaced.</summary>
    public AlarmSettings With(AlarmKind kind, AlarmRule rule)
    {
        var copy = new AlarmSettings();
        _rules.CopyTo(copy._rules, 0);
        copy._rules[(int)kind] = rule;
        return copy;
    }
}
