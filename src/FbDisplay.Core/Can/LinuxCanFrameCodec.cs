using System.Buffers.Binary;

namespace FbDisplay.Core.Can;

/// <summary>
/// The Linux classic <c>struct can_frame</c> (16 bytes): u32 can_id with EFF/RTR/ERR flags in bits 31/30/29,
/// u8 len, u8 pad, u8 res0, u8 len8_dlc, u8 data[8] at offset 8. The id word is in host order (little-endian
/// on every target we ship: x86-64, arm64, armhf).
/// </summary>
public static class LinuxCanFrameCodec
{
    public const int FrameSize = 16;
    public const uint EffFlag = 0x8000_0000;
    public const uint RtrFlag = 0x4000_0000;
    public const uint ErrFlag = 0x2000_0000;
    public const uint SffMask = 0x0000_07FF;
    public const uint EffMask = 0x1FFF_FFFF;

    public static FrameRejectReason TryParse(ReadOnlySpan<byte> raw, out CanFrame frame)
    {
        frame = default;
        if (raw.Length < FrameSize)
        {
            return FrameRejectReason.WrongDatagramLength;
        }

        uint canId = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        if ((canId & ErrFlag) != 0)
        {
            return FrameRejectReason.ErrorFrame;
        }

        if ((canId & EffFlag) != 0)
        {
            return FrameRejectReason.ExtendedId;
        }

        if ((canId & RtrFlag) != 0)
        {
            return FrameRejectReason.RemoteFrame;
        }

        byte length = raw[4];
        if (length > 8)
        {
            return FrameRejectReason.DataLengthOver8;
        }

        frame.Id = canId & SffMask;
        frame.Length = length;
        raw.Slice(8, 8).CopyTo(frame.Data);
        return FrameRejectReason.None;
    }

    public static void Write(in CanFrame frame, Span<byte> destination)
    {
        if (destination.Length < FrameSize)
        {
            throw new ArgumentException($"Need {FrameSize} bytes.", nameof(destination));
        }

        destination[..FrameSize].Clear();
        uint canId = frame.IsExtended ? (frame.Id & EffMask) | EffFlag : frame.Id & SffMask;
        if (frame.IsRemote)
        {
            canId |= RtrFlag;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, canId);
        destination[4] = frame.Length;
        ((ReadOnlySpan<byte>)frame.Data).CopyTo(destination.Slice(8, 8));
    }
}
