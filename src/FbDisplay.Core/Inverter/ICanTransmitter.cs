using FbDisplay.Core.Can;

namespace FbDisplay.Core.Inverter;

/// <summary>
/// Where the inverter link's frames go: a non-blocking CAN socket (FbDisplay.Linux) or a fake in tests. Never blocks
/// and never throws for what the bus or the kernel says: it answers with the errno.
/// </summary>
public interface ICanTransmitter
{
    /// <summary>The interface's name for messages ("can1").</summary>
    string InterfaceName { get; }

    /// <summary>Opens the socket if it is not open; 0 when open, else the errno (ENODEV: no such interface).</summary>
    int TryOpen();

    /// <summary>Queues one frame; 0 when sent, else the errno (ENOBUFS, EAGAIN, ENETDOWN, ...).</summary>
    int TrySend(in CanFrame frame);

    /// <summary>Closes the socket (the next <see cref="TryOpen"/> opens a new one).</summary>
    void Close();
}
