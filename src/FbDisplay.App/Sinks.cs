using System.Globalization;
using System.Threading.Channels;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.History;
using FbDisplay.Services.Logging;

namespace FbDisplay.App;

/// <summary>Feeds PowerSafe100.log.</summary>
internal sealed class LogSink(PowerSafeLogWriter writer) : ISecondSink
{
    public void OnSecond(in SecondSample sample) => writer.TryAppend(sample);
}

/// <summary>Prints the live state once a second on standard output, from its own task so a slow terminal never stalls a tick.</summary>
internal sealed class ConsoleStatusSink : ISecondSink, IAsyncDisposable
{
    private readonly Channel<SecondSample> _queue = Channel.CreateBounded<SecondSample>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });

    private readonly FrameCounters _counters;
    private readonly Task _printer;

    public ConsoleStatusSink(FrameCounters counters)
    {
        _counters = counters;
        _printer = Task.Run(PrintAsync);
    }

    public void OnSecond(in SecondSample sample) => _queue.Writer.TryWrite(sample);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _printer.ConfigureAwait(false);
    }

    private async Task PrintAsync()
    {
        await foreach (SecondSample s in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SOC {s.SocPercent,5:0.0}%  {s.PackVolts,5:0.0} V  {s.CurrentAmps,6:0} A  {s.PowerWatts,6:0} W  {s.AmpHours,8:0.00} Ah  {s.MaxTemperatureC,3} C  cells {s.LowCellMillivolts}/{s.AverageCellMillivolts}/{s.HighCellMillivolts} mV  frames ok {_counters.Accepted} rejected {_counters.RejectedTotal} dropped {_counters.Dropped}"));
        }
    }
}
