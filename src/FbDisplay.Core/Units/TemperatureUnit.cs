namespace FbDisplay.Core.Units;

/// <summary>How temperatures are shown. The wire, the log, the history and the alarm thresholds stay in Celsius.</summary>
public enum TemperatureUnit
{
    Celsius,
    Fahrenheit,
}

public static class Temperatures
{
    /// <summary>Converts a Celsius value for display.</summary>
    public static double FromCelsius(double celsius, TemperatureUnit unit) =>
        unit == TemperatureUnit.Fahrenheit ? (celsius * 9.0 / 5.0) + 32.0 : celsius;

    /// <summary>Converts a displayed value back to Celsius (a slider on the settings page).</summary>
    public static double ToCelsius(double shown, TemperatureUnit unit) =>
        unit == TemperatureUnit.Fahrenheit ? (shown - 32.0) * 5.0 / 9.0 : shown;

    /// <summary>A temperature difference (a hysteresis) for display: no offset.</summary>
    public static double DeltaFromCelsius(double celsius, TemperatureUnit unit) =>
        unit == TemperatureUnit.Fahrenheit ? celsius * 9.0 / 5.0 : celsius;

    /// <summary>" °C" or " °F", with the leading space the screens use.</summary>
    public static string Suffix(TemperatureUnit unit) => unit == TemperatureUnit.Fahrenheit ? " °F" : " °C";

    /// <summary>"C" or "F" (settings value, MQTT, web).</summary>
    public static string Letter(TemperatureUnit unit) => unit == TemperatureUnit.Fahrenheit ? "F" : "C";

    /// <summary>Parses "C", "F", "Celsius", "Fahrenheit" (any case).</summary>
    public static bool TryParse(string? text, out TemperatureUnit unit)
    {
        unit = TemperatureUnit.Celsius;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "C" or "CELSIUS" or "°C":
                return true;
            case "F" or "FAHRENHEIT" or "°F":
                unit = TemperatureUnit.Fahrenheit;
                return true;
            default:
                return false;
        }
    }
}
