using System.Buffers.Binary;

namespace FbDisplay.Services.Vnc;

/// <summary>The 16-byte PIXEL_FORMAT of RFC 6143 §7.4 (true colour only: colour maps are refused).</summary>
public readonly record struct RfbPixelFormat(
    byte BitsPerPixel, byte Depth, bool BigEndian, bool TrueColour,
    ushort RedMax, ushort GreenMax, ushort BlueMax, byte RedShift, byte GreenShift, byte BlueShift)
{
    public const int Size = 16;

    /// <summary>What the server offers: 32 bpp, depth 24, little-endian, xRGB, i.e. the back buffer's BGRA bytes.</summary>
    public static RfbPixelFormat Bgrx32 { get; } = new(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    public int BytesPerPixel => BitsPerPixel / 8;

    /// <summary>Tight sends 3-byte RGB pixels for exactly this kind of format (RFC 6143 §7.7.6, TPIXEL).</summary>
    public bool IsTightRgb24 => TrueColour && BitsPerPixel == 32 && Depth == 24 && RedMax == 255 && GreenMax == 255 && BlueMax == 255;

    /// <summary>True when the pixels are the back buffer's bytes unchanged (apart from the unused alpha byte).</summary>
    public bool IsBgrx => TrueColour && BitsPerPixel == 32 && !BigEndian && RedMax == 255 && GreenMax == 255 && BlueMax == 255
        && RedShift == 16 && GreenShift == 8 && BlueShift == 0;

    public static RfbPixelFormat Read(ReadOnlySpan<byte> b) => new(
        b[0], b[1], b[2] != 0, b[3] != 0,
        BinaryPrimitives.ReadUInt16BigEndian(b[4..]), BinaryPrimitives.ReadUInt16BigEndian(b[6..]), BinaryPrimitives.ReadUInt16BigEndian(b[8..]),
        b[10], b[11], b[12]);

    public void Write(Span<byte> b)
    {
        b[..Size].Clear();
        b[0] = BitsPerPixel;
        b[1] = Depth;
        b[2] = BigEndian ? (byte)1 : (byte)0;
        b[3] = TrueColour ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(b[4..], RedMax);
        BinaryPrimitives.WriteUInt16BigEndian(b[6..], GreenMax);
        BinaryPrimitives.WriteUInt16BigEndian(b[8..], BlueMax);
        b[10] = RedShift;
        b[11] = GreenShift;
        b[12] = BlueShift;
    }

    /// <summary>Null when we can serve this format, else why not.</summary>
    public string? Problem()
    {
        if (!TrueColour)
        {
            return "colour-map pixel formats are not supported";
        }

        if (BitsPerPixel is not (8 or 16 or 32))
        {
            return $"{BitsPerPixel} bits per pixel is not 8, 16 or 32";
        }

        int bits = BitsPerPixel;
        bool Fits(ushort max, byte shift) => max > 0 && shift < bits && ((long)max << shift) <= (bits == 32 ? uint.MaxValue : (1L << bits) - 1);
        return Fits(RedMax, RedShift) && Fits(GreenMax, GreenShift) && Fits(BlueMax, BlueShift)
            ? null
            : "colour maxima and shifts do not fit the pixel size";
    }
}

/// <summary>Converts BGRA back-buffer pixels to a client's pixel format with one table lookup per channel.</summary>
public sealed class PixelTranslator
{
    private readonly uint[] _red = new uint[256];
    private readonly uint[] _green = new uint[256];
    private readonly uint[] _blue = new uint[256];

    public PixelTranslator(RfbPixelFormat format)
    {
        Format = format;
        for (int v = 0; v < 256; v++)
        {
            _red[v] = Scale(v, format.RedMax) << format.RedShift;
            _green[v] = Scale(v, format.GreenMax) << format.GreenShift;
            _blue[v] = Scale(v, format.BlueMax) << format.BlueShift;
        }
    }

    public RfbPixelFormat Format { get; }

    /// <summary>Writes <paramref name="pixels"/> BGRA pixels from <paramref name="bgra"/> in the client's format.</summary>
    public void Translate(ReadOnlySpan<byte> bgra, Span<byte> destination, int pixels)
    {
        RfbPixelFormat f = Format;
        if (f.IsBgrx)
        {
            bgra[..(pixels * 4)].CopyTo(destination);
            return;
        }

        switch (f.BitsPerPixel)
        {
            case 32:
                for (int i = 0, o = 0; i < pixels; i++, o += 4)
                {
                    uint p = Pixel(bgra, i * 4);
                    if (f.BigEndian)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(destination[o..], p);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(destination[o..], p);
                    }
                }

                break;
            case 16:
                for (int i = 0, o = 0; i < pixels; i++, o += 2)
                {
                    ushort p = (ushort)Pixel(bgra, i * 4);
                    if (f.BigEndian)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(destination[o..], p);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(destination[o..], p);
                    }
                }

                break;
            default:
                for (int i = 0; i < pixels; i++)
                {
                    destination[i] = (byte)Pixel(bgra, i * 4);
                }

                break;
        }
    }

    /// <summary>Writes Tight's 3-byte RGB pixels (only for <see cref="RfbPixelFormat.IsTightRgb24"/> formats).</summary>
    public static void ToRgb24(ReadOnlySpan<byte> bgra, Span<byte> destination, int pixels)
    {
        for (int i = 0, o = 0; i < pixels; i++, o += 3)
        {
            int s = i * 4;
            destination[o] = bgra[s + 2];
            destination[o + 1] = bgra[s + 1];
            destination[o + 2] = bgra[s];
        }
    }

    private uint Pixel(ReadOnlySpan<byte> bgra, int at) => _red[bgra[at + 2]] | _green[bgra[at + 1]] | _blue[bgra[at]];

    private static uint Scale(int v, ushort max) => (uint)(((v * max) + 127) / 255);
}
