using System.Threading.Channels;
using FbDisplay.Core.Battery;

namespace FbDisplay.Core.Can;

/// <summary>
/// The bounded hand-over from readers to the UI thread. A flood drops the oldest frames and counts each drop, so
/// memory never grows and the newest data always gets through.
/// </summary>
public static class FrameChannel
{
    public const int DefaultCapacity = 4096;

    public static Channel<ReceivedFrame> Create(FrameCounters counters, int capacity = DefaultCapacity) =>
        Channel.CreateBounded<ReceivedFrame>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            _ => counters.CountDropped());
}
