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
    }

    /// <summary>The unit of an alarm's threshold and hysteresis, for settings and the alarm screen.</summary>
    public static string Unit(AlarmKind kind) => kind switch
    {
        AlarmKind.CellHigh or AlarmKind.CellLow => "V",
        AlarmKind.CellSpread => "mV",
        AlarmKind.TemperatureHigh or AlarmKind.TemperatureLow => "°C",
        AlarmKind.SocLow => "%",
        AlarmKind.ControllerLost or AlarmKind.MqttDown => "s",
        AlarmKind.ContactorOpen or AlarmKind.ControllerFault => "",
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

    /// <summary>
    /// Reads <c>Alarms:&lt;Kind&gt;:Enabled|Threshold|Hysteresis|DelaySeconds</c> through <paramref name="lookup"/>
    /// (e.g. Alarms:CellSpread:Threshold=120). A value that does not parse keeps the default and is reported.
    /// </summary>
    public static AlarmSettings Read(Func<string, string?> lookup, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(problems);
        var s = new AlarmSettings();
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var kind = (AlarmKind)i;
            string prefix = $"Alarms:{kind}:";
            AlarmRule d = s._rules[i];
            bool enabled = ReadBool(lookup, prefix + "Enabled", d.Enabled, problems);
            double threshold = ReadDouble(lookup, prefix + "Threshold", d.Threshold, problems);
            double hysteresis = ReadDouble(lookup, prefix + "Hysteresis", d.Hysteresis, problems);
            double delay = ReadDouble(lookup, prefix + "DelaySeconds", d.Delay.TotalSeconds, problems);
            if (kind is AlarmKind.ControllerLost or AlarmKind.MqttDown && threshold < 1)
            {
                problems.Add($"{prefix}Threshold must be at least 1 second; using {d.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
                threshold = d.Threshold;
            }

            if (hysteresis < 0 || delay < 0 || delay > 86400)
            {
                problems.Add($"{prefix}Hysteresis and {prefix}DelaySeconds must be positive (delay at most a day); using the defaults.");
                hysteresis = d.Hysteresis;
                delay = d.Delay.TotalSeconds;
            }

            s._rules[i] = new AlarmRule(enabled, threshold, hysteresis, TimeSpan.FromSeconds(delay));
        }

        return s;
    }

    private static bool ReadBool(Func<string, string?> lookup, string key, bool fallback, ICollection<string> problems)
    {
        string? text = lookup(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (bool.TryParse(text, out bool value))
        {
            return value;
        }

        problems.Add($"{key} is not true or false (\"{text}\"); using {(fallback ? "true" : "false")}.");
        return fallback;
    }

    private static double ReadDouble(Func<string, string?> lookup, string key, double fallback, ICollection<string> problems)
    {
        string? text = lookup(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        problems.Add($"{key} is not a number (\"{text}\"); using {fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        return fallback;
    }
}
