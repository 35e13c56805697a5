using System.Threading.Channels;

namespace FbDisplay.Core.Can;

/// <summary>Forwards writes to a channel and then wakes the UI thread, so readers need not know about the loop.</summary>
public sealed class WakingChannelWriter<T>(ChannelWriter<T> inner, Action wake) : ChannelWriter<T>
{
    public override bool TryWrite(T item)
    {
        bool ok = inner.TryWrite(item);
        wake();
        return ok;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        inner.WaitToWriteAsync(cancellationToken);

    public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);
}
