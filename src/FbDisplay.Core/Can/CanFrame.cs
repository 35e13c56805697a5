using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FbDisplay.Core.Can;

/// <summary>The eight data bytes of a classic CAN frame, stored inline.</summary>
[InlineArray(8)]
public struct CanData
{
    private byte _element0;
}

/// <summary>A classic CAN 2.0 frame as it arrives from any transport (UDP, SocketCAN, replay).</summary>
public struct CanFrame
{
    /// <summary>The identifier: 11 bits unless <see cref="IsExtended"/>.</summary>
    public uint Id;

    /// <summary>Number of valid data bytes, 0 to 8.</summary>
    public byte Length;

    public bool IsExtended;

    public bool IsRemote;

    public CanData Data;

    /// <summary>Builds a standard (11-bit) data frame.</summary>
    public static CanFrame Create(uint id, ReadOnlySpan<byte> data)
    {
        if (data.Length > 8)
        {
            throw new ArgumentException("A classic CAN frame carries at most 8 data bytes.", nameof(data));
        }

        var frame = new CanFrame { Id = id, Length = (byte)data.Length };
        data.CopyTo(frame.Data);
        return frame;
    }

    /// <summary>The valid data bytes.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Payload => ((ReadOnlySpan<byte>)Data)[..Math.Min(Length, (byte)8)];
}
