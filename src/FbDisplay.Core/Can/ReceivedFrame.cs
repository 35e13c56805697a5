namespace FbDisplay.Core.Can;

public enum FrameTransport : byte
{
    Udp,
    SocketCan,
    Mqtt,
    Replay,
}

/// <summary>A frame handed from a reader thread to the UI thread, with where it came from.</summary>
/// <param name="SourceAddress">IPv4 source address (network order packed in a uint) for UDP; 0 otherwise.</param>
public readonly record struct ReceivedFrame(CanFrame Frame, FrameTransport Transport, uint SourceAddress, long Timestamp);
