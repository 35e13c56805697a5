namespace FbDisplay.Vm.Tests.Harness;

/// <summary>A Linux <c>struct input_event</c> as read from /dev/input/eventN on x86-64 (24 bytes).</summary>
public readonly record struct InputEvent(ushort Type, ushort Code, int Value)
{
    public const int Size = 24;

    public const ushort EvSyn = 0;
    public const ushort EvKey = 1;
    public const ushort EvAbs = 3;
    public const ushort AbsX = 0;
    public const ushort AbsY = 1;
    public const ushort BtnLeft = 0x110;

    /// <summary>Decodes whole records; the 16-byte timestamp is skipped.</summary>
    public static IReadOnlyList<InputEvent> ParseAll(ReadOnlySpan<byte> bytes)
    {
        var events = new List<InputEvent>();
        for (var i = 0; i + Size <= bytes.Length; i += Size)
        {
            var record = bytes.Slice(i, Size);
            events.Add(new InputEvent(
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(record[16..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(record[18..]),
                System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(record[20..])));
        }

        return events;
    }

    public override string ToString() => $"type {Type} code 0x{Code:x} value {Value}";
}
