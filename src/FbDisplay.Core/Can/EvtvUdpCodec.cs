using System.Buffers.Binary;

namespace FbDisplay.Core.Can;

/// <summary>
/// The 24-byte UDP encapsulation of the EVTV ESP32 CAN library's frame struct (see docs/wire-formats.md):
/// bytes 0-7 data, 8-11 id, 12-15 family id, 16-19 timestamp, 20 rtr, 21 priority, 22 extended, 23 length.
/// All integers little-endian.
/// </summary>
public static class EvtvUdpCodec
{
    public const int DatagramLength = 24;

    /// <summary>Parses one datagram. Never throws; a rejected datagram leaves <paramref name="frame"/> default.</summary>
    public static FrameRejectReason TryParse(ReadOnlySpan<byte> datagram, out CanFrame frame)
    {
        frame = default;
        if (datagram.Length != DatagramLength)
        {
            return FrameRejectReason.WrongDatagramLength;
        }

        byte length = datagram[23];
        if (length > 8)
        {
            return FrameRejectReason.DataLengthOver8;
        }

        uint id = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..12]);
        bool extended = datagram[22] != 0;
        if (extended || id > 0x7FF)
        {
            return FrameRejectReason.ExtendedId;
        }

        if (datagram[20] != 0)
        {
            return FrameRejectReason.RemoteFrame;
        }

        frame.Id = id;
        frame.Length = length;
        datagram[..8].CopyTo(frame.Data);
        return FrameRejectReason.None;
    }

    /// <summary>Writes a frame as the controller would send it: unused fields zero.</summary>
    public static void Write(in CanFrame frame, Span<byte> destination, uint timestamp = 0)
    {
        if (destination.Length < DatagramLength)
        {
            throw new ArgumentException($"Need {DatagramLength} bytes.", nameof(destination));
        }

        destination[..DatagramLength].Clear();
        ((ReadOnlySpan<byte>)frame.Data).CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..12], frame.Id);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..20], timestamp);
        destination[20] = frame.IsRemote ? (byte)1 : (byte)0;
        destination[22] = frame.IsExtended ? (byte)1 : (byte)0;
        destination[23] = frame.Length;
    }
}
