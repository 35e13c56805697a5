using System.Globalization;
using System.Net;
using FbDisplay.Core.Battery;
using Microsoft.Extensions.Configuration;

namespace FbDisplay.Services.Controller;

/// <summary>Where and how <see cref="ControllerLink"/> talks to the controller (settings keys under <c>Controller:</c>).</summary>
public sealed record ControllerLinkOptions
{
    /// <summary>The UDP port the controller broadcasts on is 6500; its settings listener is taken to be the next one.</summary>
    public const int DefaultPort = 6501;

    /// <summary>A fixed controller address (Controller:Address); when null the address learned from UDP is used.</summary>
    public IPAddress? Address { get; init; }

    public int Port { get; init; } = DefaultPort;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long to wait for each OK / ERR line.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Our setting ids to the controller's key names (Controller:Names:&lt;Setting&gt;).</summary>
    public IReadOnlyDictionary<ControllerSetting, string> WireNames { get; init; } = DefaultWireNames;

    /// <summary>Plausible ranges: a value outside is refused here and never reaches the battery.</summary>
    public IReadOnlyDictionary<ControllerSetting, (double Min, double Max)> Limits { get; init; } = DefaultLimits;

    public static IReadOnlyDictionary<ControllerSetting, string> DefaultWireNames { get; } = new Dictionary<ControllerSetting, string>
    {
        [ControllerSetting.HighCellCutoff] = "HCUT",
        [ControllerSetting.LowCellCutoff] = "LCUT",
        [ControllerSetting.BalanceVoltage] = "BALV",
        [ControllerSetting.BalanceHysteresis] = "BALHYST",
        [ControllerSetting.OverTemperature] = "OVERTEMP",
        [ControllerSetting.UnderTemperature] = "UNDERTEMP",
        [ControllerSetting.PackCapacityAh] = "CAPACITY",
    };

    public static IReadOnlyDictionary<ControllerSetting, (double Min, double Max)> DefaultLimits { get; } = new Dictionary<ControllerSetting, (double, double)>
    {
        [ControllerSetting.HighCellCutoff] = (3.0, 4.35),
        [ControllerSetting.LowCellCutoff] = (2.5, 3.8),
        [ControllerSetting.BalanceVoltage] = (3.0, 4.3),
        [ControllerSetting.BalanceHysteresis] = (0.001, 0.5),
        [ControllerSetting.OverTemperature] = (0, 90),
        [ControllerSetting.UnderTemperature] = (-40, 40),
        [ControllerSetting.PackCapacityAh] = (1, 100_000),
    };

    /// <summary>Reads Controller:Address, Controller:Port, Controller:TimeoutSeconds and Controller:Names:*; bad values are reported and defaulted.</summary>
    public static ControllerLinkOptions FromConfiguration(IConfiguration config, ICollection<string>? problems = null)
    {
        var o = new ControllerLinkOptions();
        IConfigurationSection c = config.GetSection("Controller");
        if (c["Address"] is { Length: > 0 } a)
        {
            if (IPAddress.TryParse(a, out IPAddress? ip))
            {
                o = o with { Address = ip };
            }
            else
            {
                problems?.Add($"Controller:Address '{a}' is not an IP address.");
            }
        }

        if (c["Port"] is { Length: > 0 } p)
        {
            if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536)
            {
                o = o with { Port = port };
            }
            else
            {
                problems?.Add($"Controller:Port '{p}' is not a port number.");
            }
        }

        if (c["TimeoutSeconds"] is { Length: > 0 } t)
        {
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s is > 0 and <= 120)
            {
                o = o with { ConnectTimeout = TimeSpan.FromSeconds(s), ReplyTimeout = TimeSpan.FromSeconds(s) };
            }
            else
            {
                problems?.Add($"Controller:TimeoutSeconds '{t}' is not 0-120.");
            }
        }

        var names = new Dictionary<ControllerSetting, string>(DefaultWireNames);
        foreach (IConfigurationSection n in c.GetSection("Names").GetChildren())
        {
            if (!Enum.TryParse(n.Key, ignoreCase: true, out ControllerSetting setting))
            {
                problems?.Add($"Controller:Names:{n.Key} is not a known setting.");
            }
            else if (!IsValidWireName(n.Value))
            {
                problems?.Add($"Controller:Names:{n.Key} '{n.Value}' must be letters, digits or '_'.");
            }
            else
            {
                names[setting] = n.Value!;
            }
        }

        return o with { WireNames = names };
    }

    /// <summary>A key must not contain '=', spaces or line breaks, or it would break the line protocol.</summary>
    public static bool IsValidWireName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 32 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}
