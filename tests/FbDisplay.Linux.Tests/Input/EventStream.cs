using System.Buffers.Binary;

namespace FbDisplay.Linux.Tests.Input;

/// <summary>Builds the bytes an evdev device would return, with 16- or 24-byte events.</summary>
internal sealed class EventStream(int eventSize)
{
    public const ushort EvSyn = 0, EvKey = 1, EvAbs = 3;
    public const ushort BtnLeft = 0x110, BtnTouch = 0x14a;
    public const ushort AbsX = 0, AbsY = 1, MtSlot = 0x2f, MtX = 0x35, MtY = 0x36, MtId = 0x39;

    private readonly List<byte> _bytes = [];

    public EventStream Event(ushort type, ushort code, int value)
    {
        var e = new byte[eventSize];
        // A plausible timeval so the decoder cannot be reading the wrong bytes by accident.
        e.AsSpan(0, eventSize - 8).Fill(0xEE);
        int header = eventSize - 8;
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(header), type);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(header + 2), code);
        BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(header + 4), value);
        _bytes.AddRange(e);
        return this;
    }

    public EventStream Abs(ushort code, int value) => Event(EvAbs, code, value);

    public EventStream Key(ushort code, int value) => Event(EvKey, code, value);

    public EventStream Syn() => Event(EvSyn, 0, 0);

    public EventStream Dropped() => Event(EvSyn, 3, 0);

    public byte[] ToArray() => [.. _bytes];
}
