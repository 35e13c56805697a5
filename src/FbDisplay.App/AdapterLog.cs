using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The kernel adapters report both news ("reading vcan0") and trouble ("SIOCGIFINDEX failed ... (errno 19)") through
/// one callback; trouble always names an errno or a failure, so that decides the level.
/// </summary>
internal static class AdapterLog
{
    public static void Write(ILogger log, string message)
    {
        bool trouble = message.Contains("errno", StringComparison.Ordinal)
            || message.Contains("fail", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Retrying", StringComparison.Ordinal)
            || message.Contains("lost", StringComparison.OrdinalIgnoreCase);
        log.Log(trouble ? LogLevel.Warning : LogLevel.Information, "{Message}", message);
    }
}
