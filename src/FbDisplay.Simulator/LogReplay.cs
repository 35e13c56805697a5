using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Logging;

namespace FbDisplay.Simulator;

/// <summary>Replays a PowerSafe100.log: each line becomes the frames a controller would have sent that second.</summary>
public sealed class LogReplay(string path)
{
    public IEnumerable<(LogRecord Record, CanFrame[] Frames)> Read()
    {
        foreach (string line in File.ReadLines(path))
        {
            if (!PowerSafeLogLine.TryParse(line, out LogRecord r))
            {
                continue;
            }

            CanFrame[] frames =
            [
                BatteryFrameEncoder.Pack(r.CurrentAmps, r.PackVolts, r.AmpHours, r.MaxTemperatureC, r.MaxTemperatureC),
                BatteryFrameEncoder.Soc(r.SocPercent),
            ];
            yield return (r, frames);
        }
    }
}
