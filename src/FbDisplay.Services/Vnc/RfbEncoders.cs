using System.Buffers.Binary;
using System.IO.Compression;
using FbDisplay.Core.Display;

namespace FbDisplay.Services.Vnc;

/// <summary>RFB encoding numbers we speak (RFC 6143 §7.7, §7.8).</summary>
public static class RfbEncoding
{
    public const int Raw = 0;
    public const int Tight = 7;
}

/// <summary>A reusable, growing byte buffer for one FramebufferUpdate; never larger than a raw full frame plus headers.</summary>
internal sealed class UpdateBuffer
{
    private byte[] _bytes = new byte[64 * 1024];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, Length);

    public void Clear() => Length = 0;

    public Span<byte> Take(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        Span<byte> s = _bytes.AsSpan(Length, count);
        Length += count;
        return s;
    }

    public void Put(byte b) => Take(1)[0] = b;

    public void Put(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    public void PatchUInt16(int at, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_bytes.AsSpan(at), value);

    /// <summary>Rectangle header: x, y, w, h, encoding.</summary>
    public void PutRectHeader(PixelRect r, int encoding)
    {
        Span<byte> h = Take(12);
        BinaryPrimitives.WriteUInt16BigEndian(h, (ushort)r.X);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)r.Y);
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], (ushort)r.Width);
        BinaryPrimitives.WriteUInt16BigEndian(h[6..], (ushort)r.Height);
        BinaryPrimitives.WriteInt32BigEndian(h[8..], encoding);
    }
}

/// <summary>Raw encoding: the pixels, row by row, in the client's format. Returns rectangles written.</summary>
internal static class RawEncoder
{
    public static int Encode(ReadOnlySpan<byte> screen, int stride, PixelRect r, PixelTranslator translator, UpdateBuffer output)
    {
        output.PutRectHeader(r, RfbEncoding.Raw);
        int bpp = translator.Format.BytesPerPixel;
        for (int y = r.Y; y < r.Bottom; y++)
        {
            translator.Translate(screen.Slice((y * stride) + (r.X * 4), r.Width * 4), output.Take(r.Width * bpp), r.Width);
        }

        return 1;
    }
}

/// <summary>
/// Tight encoding (RFC 6143 §7.7.6 and the TightVNC spec), the subset every Tight client decodes: solid rectangles as
/// Fill, the rest as Basic compression with the copy filter on zlib stream 0. One zlib stream per connection, kept
/// across rectangles as the protocol requires. Rectangles are split to at most 65536 pixels and 2048 columns, the
/// limits of the original viewers' buffers.
/// </summary>
internal sealed class TightEncoder : IDisposable
{
    private const int MaxRectPixels = 65536;
    private const int MaxRectWidth = 2048;
    private const int MinToCompress = 12;
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _zlib;
    private byte[] _row = new byte[MaxRectWidth * 4];
    private bool _disposed;

    public TightEncoder(CompressionLevel level = CompressionLevel.Fastest)
    {
        _zlib = new ZLibStream(_compressed, level, leaveOpen: true);
    }

    public int Encode(ReadOnlySpan<byte> screen, int stride, PixelRect r, PixelTranslator translator, UpdateBuffer output)
    {
        int rows = Math.Max(1, MaxRectPixels / Math.Min(r.Width, MaxRectWidth));
        int count = 0;
        for (int x = r.X; x < r.Right; x += MaxRectWidth)
        {
            int w = Math.Min(MaxRectWidth, r.Right - x);
            for (int y = r.Y; y < r.Bottom; y += rows)
            {
                EncodePiece(screen, stride, new PixelRect(x, y, w, Math.Min(rows, r.Bottom - y)), translator, output);
                count++;
            }
        }

        return count;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _zlib.Dispose();
            _compressed.Dispose();
        }
    }

    private void EncodePiece(ReadOnlySpan<byte> screen, int stride, PixelRect r, PixelTranslator translator, UpdateBuffer output)
    {
        RfbPixelFormat f = translator.Format;
        int tpixel = f.IsTightRgb24 ? 3 : f.BytesPerPixel;
        output.PutRectHeader(r, RfbEncoding.Tight);
        if (IsSolid(screen, stride, r))
        {
            output.Put(0x80); // Fill
            WritePixels(screen.Slice((r.Y * stride) + (r.X * 4), 4), 1, translator, tpixel, output.Take(tpixel));
            return;
        }

        output.Put(0x00); // Basic, stream 0, copy filter
        int rowBytes = r.Width * tpixel;
        int total = rowBytes * r.Height;
        if (total < MinToCompress)
        {
            for (int y = r.Y; y < r.Bottom; y++)
            {
                WritePixels(screen.Slice((y * stride) + (r.X * 4), r.Width * 4), r.Width, translator, tpixel, output.Take(rowBytes));
            }

            return;
        }

        if (_row.Length < rowBytes)
        {
            _row = new byte[rowBytes];
        }

        _compressed.SetLength(0);
        for (int y = r.Y; y < r.Bottom; y++)
        {
            WritePixels(screen.Slice((y * stride) + (r.X * 4), r.Width * 4), r.Width, translator, tpixel, _row);
            _zlib.Write(_row, 0, rowBytes);
        }

        _zlib.Flush(); // Z_SYNC_FLUSH: the client can inflate this rectangle now; the dictionary carries on.
        int length = (int)_compressed.Length;
        PutCompactLength(output, length);
        output.Put(_compressed.GetBuffer().AsSpan(0, length));
    }

    private static void WritePixels(ReadOnlySpan<byte> bgra, int pixels, PixelTranslator translator, int tpixel, Span<byte> destination)
    {
        if (tpixel == 3 && translator.Format.IsTightRgb24)
        {
            PixelTranslator.ToRgb24(bgra, destination, pixels);
        }
        else
        {
            translator.Translate(bgra, destination, pixels);
        }
    }

    private static bool IsSolid(ReadOnlySpan<byte> screen, int stride, PixelRect r)
    {
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(screen[((r.Y * stride) + (r.X * 4))..]) & 0x00FFFFFF;
        for (int y = r.Y; y < r.Bottom; y++)
        {
            ReadOnlySpan<byte> row = screen.Slice((y * stride) + (r.X * 4), r.Width * 4);
            for (int i = 0; i < row.Length; i += 4)
            {
                if ((BinaryPrimitives.ReadUInt32LittleEndian(row[i..]) & 0x00FFFFFF) != first)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void PutCompactLength(UpdateBuffer output, int length)
    {
        output.Put((byte)((length & 0x7F) | (length > 0x7F ? 0x80 : 0)));
        if (length > 0x7F)
        {
            output.Put((byte)(((length >> 7) & 0x7F) | (length > 0x3FFF ? 0x80 : 0)));
            if (length > 0x3FFF)
            {
                output.Put((byte)(length >> 14));
            }
        }
    }
}
