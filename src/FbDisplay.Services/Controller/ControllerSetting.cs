using System.Globalization;
using FbDisplay.Core.Battery;

namespace FbDisplay.Services.Controller;

/// <summary>One setting and the value to send (volts, °C or Ah, as the setting's unit says).</summary>
public readonly record struct ControllerSettingValue(ControllerSetting Setting, double Value)
{
    /// <summary>The value as it goes on the wire: invariant culture, at most three decimals, no exponent.</summary>
    public string WireValue => Value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>What became of a whole SAVE.</summary>
public enum ControllerSendOutcome
{
    /// <summary>Every setting was answered OK.</summary>
    Sent,

    /// <summary>Nothing was accepted: every setting was answered ERR, or a limit check refused it before sending.</summary>
    Refused,

    /// <summary>Some settings were answered OK, others ERR or never answered.</summary>
    PartiallyAccepted,

    /// <summary>No address configured and none learned from UDP yet.</summary>
    NoControllerKnown,

    /// <summary>The connection or a reply took longer than the time-out.</summary>
    TimedOut,

    /// <summary>The TCP connection could not be made or broke before any answer (refused, no route, reset).</summary>
    Unreachable,
}

/// <summary>The controller's answer to one setting.</summary>
/// <param name="Accepted">True when answered OK.</param>
/// <param name="Error">The ERR reason, or why it was never answered; null when accepted.</param>
public readonly record struct ControllerSettingAck(ControllerSetting Setting, string WireName, string Value, bool Accepted, string? Error);

/// <summary>The outcome of one SAVE with per-setting details.</summary>
public sealed record ControllerSendResult(ControllerSendOutcome Outcome, string? Reason, IReadOnlyList<ControllerSettingAck> Acks)
{
    public static ControllerSendResult NoController { get; } =
        new(ControllerSendOutcome.NoControllerKnown, "No controller address known yet (none configured, no UDP data received).", []);

    public bool Succeeded => Outcome == ControllerSendOutcome.Sent;

    /// <summary>One line for the settings screen.</summary>
    public string Describe()
    {
        int ok = Acks.Count(a => a.Accepted);
        return Outcome switch
        {
            ControllerSendOutcome.Sent => string.Create(CultureInfo.InvariantCulture, $"Saved: controller accepted {ok} setting(s)."),
            ControllerSendOutcome.PartiallyAccepted => string.Create(CultureInfo.InvariantCulture,
                $"Partly saved: {ok} of {Acks.Count} accepted; {string.Join("; ", Acks.Where(a => !a.Accepted).Select(a => $"{a.Setting}: {a.Error}"))}"),
            _ => $"Not saved ({Outcome}): {Reason}",
        };
    }
}

/// <summary>Anything a SAVE can go through: the controller directly (TCP) or a SENDER display (MQTT).</summary>
public interface IControllerSettingsSink
{
    /// <summary>Sends the settings; never throws for network trouble (the result says what happened).</summary>
    Task<ControllerSendResult> SendAsync(IReadOnlyList<ControllerSettingValue> settings, CancellationToken cancellationToken = default);
}
