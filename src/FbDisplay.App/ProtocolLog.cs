using FbDisplay.Core.Battery;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>The journal line that says which battery protocol is read: once, and again when Auto switches.</summary>
internal static class ProtocolLog
{
    /// <summary>UI thread, once a second; <paramref name="loggedVersion"/> is the caller's last logged <see cref="BatteryDecoder.ProtocolVersion"/>.</summary>
    public static void AfterSecond(BatteryDecoder decoder, ILogger log, ref int loggedVersion)
    {
        if (decoder.ProtocolVersion == loggedVersion)
        {
            return;
        }

        loggedVersion = decoder.ProtocolVersion;
        log.LogInformation(
            "Battery protocol: {Protocol} ({Why})", BatteryProtocols.Label(decoder.State.Protocol),
            decoder.Protocol == BatteryProtocol.Auto ? "chosen by Auto from the frames that arrived" : Catalog.Battery.Protocol.Key);
    }
}
