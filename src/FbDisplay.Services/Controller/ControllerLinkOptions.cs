using System.Net;
using FbDisplay.Core.Battery;
using FbDisplay.Settings;

namespace FbDisplay.Services.Controller;

/// <summary>Where and how <see cref="ControllerLink"/> talks to the controller (settings keys under <c>Controller:</c>).</summary>
public sealed record ControllerLinkOptions
{
    /// <summary>A fixed controller address (Controller:Address); when null the address learned from UDP is used.</summary>
    public IPAddress? Address { get; init; }

    public int Port { get; init; } = Catalog.Controller.Port.Default;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long to wait for each OK / ERR line.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Our setting ids to the controller's key names (Controller:Names:&lt;Setting&gt;).</summary>
    public IReadOnlyDictionary<ControllerSetting, string> WireNames { get; init; } = DefaultWireNames;

    /// <summary>Plausible ranges: a value outside is refused here and never reaches the battery.</summary>
    public IReadOnlyDictionary<ControllerSetting, (double Min, double Max)> Limits { get; init; } = DefaultLimits;

    /// <summary>The wire names the catalogue declares as defaults (HCUT, LCUT, ...).</summary>
    public static IReadOnlyDictionary<ControllerSetting, string> DefaultWireNames { get; } =
        Enum.GetValues<ControllerSetting>().ToDictionary(s => s, s => Catalog.Controller.WireName(s).Default);

    /// <summary>The catalogue's range of each limit; a capacity of 0 means "unknown" on the screen and is never sent.</summary>
    public static IReadOnlyDictionary<ControllerSetting, (double Min, double Max)> DefaultLimits { get; } =
        Enum.GetValues<ControllerSetting>().ToDictionary(
            s => s,
            s => (s == ControllerSetting.PackCapacityAh ? Math.Max(1, Catalog.Controller.Limit(s).Min) : Catalog.Controller.Limit(s).Min, Catalog.Controller.Limit(s).Max));

    /// <summary>The controller link's settings of the catalogue (address, port, timeout, wire names).</summary>
    public static ControllerLinkOptions Read(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        double timeout = settings.Get(Catalog.Controller.TimeoutSeconds);
        var names = new Dictionary<ControllerSetting, string>();
        foreach (ControllerSetting setting in Enum.GetValues<ControllerSetting>())
        {
            names[setting] = settings.Get(Catalog.Controller.WireName(setting));
        }

        return new ControllerLinkOptions
        {
            Address = IPAddress.TryParse(settings.Get(Catalog.Controller.Address), out IPAddress? ip) ? ip : null,
            Port = settings.Get(Catalog.Controller.Port),
            ConnectTimeout = TimeSpan.FromSeconds(timeout),
            ReplyTimeout = TimeSpan.FromSeconds(timeout),
            WireNames = names,
        };
    }

    /// <summary>A key must not contain '=', spaces or line breaks, or it would break the line protocol.</summary>
    public static bool IsValidWireName(string? name) => Catalog.Controller.IsWireName(name);
}
