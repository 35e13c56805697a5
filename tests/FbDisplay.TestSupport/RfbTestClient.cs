using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FbDisplay.Services.Vnc;

namespace FbDisplay.TestSupport;

/// <summary>
/// A small RFB viewer for tests: handshake with VNC auth, SetPixelFormat, SetEncodings, update requests, pointer
/// events, and a decoder for Raw and Tight (fill and basic/copy with its four zlib streams) that keeps the framebuffer
/// in the negotiated pixel format, so tests can compare it with the screen byte for byte.
/// </summary>
public sealed class RfbTestClient : IDisposable
{
    private readonly Stream _stream;
    private readonly TcpClient? _tcp;
    private readonly FeedStream[] _feeds = [new(), new(), new(), new()];
    private readonly ZLibStream?[] _inflaters = new ZLibStream?[4];

    private RfbTestClient(Stream stream, TcpClient? tcp)
    {
        _stream = stream;
        _tcp = tcp;
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public string Name { get; private set; } = "";

    public RfbPixelFormat ServerFormat { get; private set; }

    public RfbPixelFormat Format { get; private set; }

    /// <summary>The client's picture, <see cref="Format"/>'s bytes per pixel, Width*bpp per row.</summary>
    public byte[] Framebuffer { get; private set; } = [];

    public long BytesReceived { get; private set; }

    public int LastEncoding { get; private set; } = -1;

    /// <param name="from">The local address to connect from (127.0.0.2 plays another host); null = any.</param>
    /// <param name="to">The server address; null = 127.0.0.1.</param>
    public static async Task<RfbTestClient> ConnectAsync(int port, string? password, string version = "RFB 003.008\n", CancellationToken ct = default, IPAddress? from = null, IPAddress? to = null)
    {
        var tcp = from is null ? new TcpClient { NoDelay = true } : new TcpClient(new IPEndPoint(from, 0)) { NoDelay = true };
        await tcp.ConnectAsync(to ?? IPAddress.Loopback, port, ct);
        var c = new RfbTestClient(tcp.GetStream(), tcp);
        await c.HandshakeAsync(password, version, ct);
        return c;
    }

    public static async Task<RfbTestClient> OverStreamAsync(Stream stream, string? password, CancellationToken ct = default)
    {
        var c = new RfbTestClient(stream, null);
        await c.HandshakeAsync(password, "RFB 003.008\n", ct);
        return c;
    }

    public async Task SetPixelFormatAsync(RfbPixelFormat f, CancellationToken ct = default)
    {
        var m = new byte[20];
        f.Write(m.AsSpan(4));
        await _stream.WriteAsync(m, ct);
        Format = f;
        Framebuffer = new byte[Width * Height * f.BytesPerPixel];
    }

    public async Task SetEncodingsAsync(int[] encodings, CancellationToken ct = default)
    {
        var m = new byte[4 + (4 * encodings.Length)];
        m[0] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)encodings.Length);
        for (int i = 0; i < encodings.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(m.AsSpan(4 + (4 * i)), encodings[i]);
        }

        await _stream.WriteAsync(m, ct);
    }

    public async Task RequestAsync(bool incremental, int x = 0, int y = 0, int w = -1, int h = -1, CancellationToken ct = default)
    {
        var m = new byte[10];
        m[0] = 3;
        m[1] = incremental ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), (ushort)y);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(6), (ushort)(w < 0 ? Width : w));
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(8), (ushort)(h < 0 ? Height : h));
        await _stream.WriteAsync(m, ct);
    }

    public async Task PointerAsync(byte buttons, int x, int y, CancellationToken ct = default)
    {
        var m = new byte[6];
        m[0] = 5;
        m[1] = buttons;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), (ushort)y);
        await _stream.WriteAsync(m, ct);
    }

    /// <summary>Reads one server message; for a FramebufferUpdate applies it and returns the rectangle count, else -1.</summary>
    public async Task<int> ReadUpdateAsync(CancellationToken ct = default)
    {
        byte[] h = await ReadAsync(1, ct);
        if (h[0] != 0)
        {
            throw new InvalidDataException($"unexpected server message {h[0]}");
        }

        byte[] head = await ReadAsync(3, ct);
        int n = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(1));
        for (int i = 0; i < n; i++)
        {
            byte[] r = await ReadAsync(12, ct);
            int x = BinaryPrimitives.ReadUInt16BigEndian(r), y = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(2));
            int w = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(4)), hgt = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(6));
            int enc = BinaryPrimitives.ReadInt32BigEndian(r.AsSpan(8));
            LastEncoding = enc;
            switch (enc)
            {
                case RfbEncoding.Raw:
                    Put(x, y, w, hgt, await ReadAsync(w * hgt * Format.BytesPerPixel, ct), Format.BytesPerPixel);
                    break;
                case RfbEncoding.Tight:
                    await ReadTightAsync(x, y, w, hgt, ct);
                    break;
                default:
                    throw new InvalidDataException($"unexpected encoding {enc}");
            }
        }

        return n;
    }

    /// <summary>The framebuffer as BGRA for a 32-bpp BGRX format (what the server offers by default).</summary>
    public byte[] ToBgra()
    {
        var bgra = (byte[])Framebuffer.Clone();
        for (int i = 3; i < bgra.Length; i += 4)
        {
            bgra[i] = 255;
        }

        return bgra;
    }

    public void Dispose()
    {
        foreach (ZLibStream? z in _inflaters)
        {
            z?.Dispose();
        }

        _stream.Dispose();
        _tcp?.Dispose();
    }

    private async Task HandshakeAsync(string? password, string version, CancellationToken ct)
    {
        byte[] v = await ReadAsync(12, ct);
        if (Encoding.ASCII.GetString(v) != "RFB 003.008\n")
        {
            throw new InvalidDataException("server version " + Encoding.ASCII.GetString(v));
        }

        await _stream.WriteAsync(Encoding.ASCII.GetBytes(version), ct);
        bool is33 = version == "RFB 003.003\n";
        int type;
        if (is33)
        {
            type = BinaryPrimitives.ReadInt32BigEndian(await ReadAsync(4, ct));
        }
        else
        {
            byte[] n = await ReadAsync(1, ct);
            byte[] types = await ReadAsync(n[0], ct);
            type = password is null ? 1 : 2;
            if (!types.Contains((byte)type))
            {
                throw new InvalidDataException($"server offers [{string.Join(',', types)}], wanted {type}");
            }

            await _stream.WriteAsync(new[] { (byte)type }, ct);
        }

        if (type == 2)
        {
            byte[] challenge = await ReadAsync(16, ct);
            await _stream.WriteAsync(VncAuth.Response(password ?? "", challenge), ct);
        }

        if (type == 2 || version == "RFB 003.008\n")
        {
            uint result = BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, ct));
            if (result != 0)
            {
                string reason = "";
                if (version == "RFB 003.008\n")
                {
                    int length = (int)BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, ct));
                    reason = ": " + Encoding.UTF8.GetString(await ReadAsync(Math.Min(length, 1024), ct));
                }

                throw new UnauthorizedAccessException("security result " + result + reason);
            }
        }

        await _stream.WriteAsync(new byte[] { 1 }, ct);
        byte[] init = await ReadAsync(24, ct);
        Width = BinaryPrimitives.ReadUInt16BigEndian(init);
        Height = BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(2));
        ServerFormat = RfbPixelFormat.Read(init.AsSpan(4));
        Format = ServerFormat;
        int nameLength = (int)BinaryPrimitives.ReadUInt32BigEndian(init.AsSpan(20));
        Name = Encoding.UTF8.GetString(await ReadAsync(nameLength, ct));
        Framebuffer = new byte[Width * Height * Format.BytesPerPixel];
    }

    private async Task ReadTightAsync(int x, int y, int w, int h, CancellationToken ct)
    {
        byte control = (await ReadAsync(1, ct))[0];
        for (int s = 0; s < 4; s++)
        {
            if ((control & (1 << s)) != 0 && _inflaters[s] is { } old)
            {
                old.Dispose();
                _inflaters[s] = null;
                _feeds[s] = new FeedStream();
            }
        }

        int tpixel = Format.IsTightRgb24 ? 3 : Format.BytesPerPixel;
        int kind = control >> 4;
        if (kind == 8)
        {
            byte[] p = await ReadAsync(tpixel, ct);
            byte[] fill = new byte[w * h * tpixel];
            for (int i = 0; i < fill.Length; i += tpixel)
            {
                p.CopyTo(fill, i);
            }

            Put(x, y, w, h, fill, tpixel);
            return;
        }

        if (kind > 7 || (control & 0x40) != 0)
        {
            throw new InvalidDataException($"tight control {control:x2} not expected from this server");
        }

        int stream = (control >> 4) & 3;
        int length = w * h * tpixel;
        byte[] data;
        if (length < 12)
        {
            data = await ReadAsync(length, ct);
        }
        else
        {
            int compressed = 0;
            for (int shift = 0; shift < 21; shift += 7)
            {
                byte b = (await ReadAsync(1, ct))[0];
                compressed |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            _feeds[stream].Append(await ReadAsync(compressed, ct));
            _inflaters[stream] ??= new ZLibStream(_feeds[stream], CompressionMode.Decompress, leaveOpen: true);
            data = new byte[length];
            _inflaters[stream]!.ReadExactly(data);
        }

        Put(x, y, w, h, data, tpixel);
    }

    private void Put(int x, int y, int w, int h, byte[] data, int srcBpp)
    {
        int bpp = Format.BytesPerPixel;
        for (int row = 0; row < h; row++)
        {
            for (int col = 0; col < w; col++)
            {
                int src = ((row * w) + col) * srcBpp;
                int dst = (((y + row) * Width) + x + col) * bpp;
                if (srcBpp == 3 && bpp == 4)
                {
                    // TPIXEL RGB into the 32-bpp format's byte positions.
                    uint p = ((uint)data[src] << Format.RedShift) | ((uint)data[src + 1] << Format.GreenShift) | ((uint)data[src + 2] << Format.BlueShift);
                    if (Format.BigEndian)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(Framebuffer.AsSpan(dst), p);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(Framebuffer.AsSpan(dst), p);
                    }
                }
                else
                {
                    data.AsSpan(src, bpp).CopyTo(Framebuffer.AsSpan(dst));
                }
            }
        }
    }

    private async Task<byte[]> ReadAsync(int count, CancellationToken ct)
    {
        var b = new byte[count];
        await _stream.ReadExactlyAsync(b, ct);
        BytesReceived += count;
        return b;
    }

    /// <summary>Compressed bytes handed to an inflater as they arrive; the zlib stream lives across rectangles.</summary>
    private sealed class FeedStream : Stream
    {
        private readonly Queue<byte> _bytes = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Append(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                _bytes.Enqueue(b);
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _bytes.TryDequeue(out byte b))
            {
                buffer[offset + n++] = b;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
