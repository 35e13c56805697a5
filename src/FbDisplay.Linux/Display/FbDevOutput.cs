using FbDisplay.Core.Display;

namespace FbDisplay.Linux.Display;

/// <summary>
/// An <see cref="IDisplayOutput"/> on a Linux framebuffer (/dev/fb0) or on a regular file shaped like one (headless
/// runs and tests), both memory-mapped, so the same flush code serves both. Only dirty rectangles are copied.
/// </summary>
public sealed unsafe class FbDevOutput : IDisplayOutput
{
    private readonly SafeFd _fd;
    private readonly SafeMapping _mapping;
    private readonly byte* _origin; // panel pixel (0,0): honours the kernel's xoffset/yoffset
    private readonly int _bytesPerPixel;
    private long _bytesFlushed;

    private FbDevOutput(
        SafeFd fd, SafeMapping mapping, long originOffset, int panelWidth, int panelHeight, int strideBytes,
        FramebufferFormat format, DisplayRotation rotation, bool isVirtual, string path)
    {
        _fd = fd;
        _mapping = mapping;
        _origin = (byte*)mapping.Address + originOffset;
        _bytesPerPixel = format.BytesPerPixel();
        PanelWidth = panelWidth;
        PanelHeight = panelHeight;
        StrideBytes = strideBytes;
        Format = format;
        Rotation = rotation;
        IsVirtual = isVirtual;
        (Width, Height) = rotation.LogicalSize(panelWidth, panelHeight);
        Description = $"{path} {panelWidth}x{panelHeight} {format.ToString().ToUpperInvariant()} rot {(int)rotation}"
            + (isVirtual ? " (file)" : "");
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Panel width in pixels, before rotation.</summary>
    public int PanelWidth { get; }

    /// <summary>Panel height in pixels, before rotation.</summary>
    public int PanelHeight { get; }

    /// <summary>Bytes from one panel row to the next (the kernel's line_length).</summary>
    public int StrideBytes { get; }

    public FramebufferFormat Format { get; }

    public DisplayRotation Rotation { get; }

    /// <summary>True when the target is a regular file standing in for a framebuffer.</summary>
    public bool IsVirtual { get; }

    public string Description { get; }

    public long BytesFlushed => Interlocked.Read(ref _bytesFlushed);

    /// <summary>
    /// Opens a framebuffer character device, or creates/sizes a regular file as a virtual framebuffer when
    /// <see cref="FrameBufferOptions.Path"/> is a regular file or does not exist yet.
    /// </summary>
    public static FbDevOutput Open(FrameBufferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Rotation))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Rotation, "Rotation must be 0, 90, 180 or 270.");
        }

        FileKind kind = FileKinds.Of(options.Path);
        if (kind == FileKind.Missing && options.Path.StartsWith("/dev/", StringComparison.Ordinal))
        {
            // Not a virtual framebuffer to create: the device the kernel should have made is not there.
            throw new LinuxIoException(
                $"{options.Path}: no such framebuffer device (ENOENT). Is the display connected, and does the kernel " +
                "provide fbdev (the firmware's simple framebuffer, or fbdev emulation on KMS)?");
        }

        return kind switch
        {
            FileKind.CharacterDevice => OpenDevice(options),
            FileKind.Regular or FileKind.Missing => OpenFile(options),
            _ => throw new LinuxIoException($"{options.Path}: neither a framebuffer device nor a regular file."),
        };
    }

    private static FbDevOutput OpenDevice(FrameBufferOptions options)
    {
        string path = options.Path;
        SafeFd fd = Interop.open(path, Interop.O_RDWR | Interop.O_CLOEXEC, 0);
        if (fd.IsInvalid)
        {
            var error = LinuxIoException.FromLastError(path, "open");
            fd.Dispose();
            throw error;
        }

        try
        {
            Interop.fb_var_screeninfo vinfo;
            Interop.fb_fix_screeninfo finfo;
            if (Interop.ioctl(fd, Interop.FBIOGET_VSCREENINFO, &vinfo) != 0)
            {
                throw LinuxIoException.FromLastError(path, "FBIOGET_VSCREENINFO");
            }

            if (Interop.ioctl(fd, Interop.FBIOGET_FSCREENINFO, &finfo) != 0)
            {
                throw LinuxIoException.FromLastError(path, "FBIOGET_FSCREENINFO");
            }

            var format = FramebufferFormats.FromBitfields(
                (int)vinfo.bits_per_pixel, (int)vinfo.red.offset, (int)vinfo.green.offset, (int)vinfo.blue.offset,
                (int)vinfo.transp.length);
            long stride = finfo.line_length;
            long mapLength = stride * Math.Max(vinfo.yres_virtual, vinfo.yres);
            if (finfo.smem_len != 0)
            {
                // Some drivers report a yres_virtual their memory cannot hold; never map past smem_len.
                mapLength = Math.Min(mapLength, finfo.smem_len);
            }

            long origin = (vinfo.yoffset * stride) + (vinfo.xoffset * (long)format.BytesPerPixel());
            long lastByte = origin + ((vinfo.yres - 1) * stride) + (vinfo.xres * (long)format.BytesPerPixel());
            if (vinfo.xres == 0 || vinfo.yres == 0 || stride < vinfo.xres * format.BytesPerPixel() || lastByte > mapLength)
            {
                throw new LinuxIoException(
                    $"{path}: implausible geometry {vinfo.xres}x{vinfo.yres} offset {vinfo.xoffset},{vinfo.yoffset} " +
                    $"line_length {stride} memory {mapLength} bytes.");
            }

            var mapping = SafeMapping.Map(fd, (nuint)mapLength, path);
            return new FbDevOutput(
                fd, mapping, origin, (int)vinfo.xres, (int)vinfo.yres, (int)stride, format, options.Rotation, isVirtual: false, path);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static FbDevOutput OpenFile(FrameBufferOptions options)
    {
        string path = options.Path;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 1, nameof(options));
        int stride = options.Width * options.Format.BytesPerPixel();
        long length = (long)stride * options.Height;
        using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            if (file.Length != length)
            {
                file.SetLength(length);
            }
        }

        SafeFd fd = Interop.open(path, Interop.O_RDWR | Interop.O_CLOEXEC, 0);
        if (fd.IsInvalid)
        {
            var error = LinuxIoException.FromLastError(path, "open");
            fd.Dispose();
            throw error;
        }

        try
        {
            var mapping = SafeMapping.Map(fd, (nuint)length, path);
            return new FbDevOutput(
                fd, mapping, 0, options.Width, options.Height, stride, options.Format, options.Rotation, isVirtual: true, path);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    public void Flush(ReadOnlySpan<byte> bgraBackBuffer, int backBufferStrideBytes, ReadOnlySpan<PixelRect> dirty)
    {
        CheckBuffer(bgraBackBuffer.Length, backBufferStrideBytes, nameof(bgraBackBuffer));
        ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
        var screen = new PixelRect(0, 0, Width, Height);
        long written = 0;
        fixed (byte* back = bgraBackBuffer)
        {
            foreach (var rect in dirty)
            {
                var clipped = rect.Intersect(screen);
                if (clipped.IsEmpty)
                {
                    continue;
                }

                Transfer(back, backBufferStrideBytes, clipped, toPanel: true);
                written += clipped.Area * _bytesPerPixel;
            }
        }

        Interlocked.Add(ref _bytesFlushed, written);
    }

    /// <summary>
    /// Reads what the panel shows back into a logical-orientation BGRA buffer (for screenshots). Formats without
    /// alpha read back opaque; RGB565 reads back with its low bits filled from the high ones.
    /// </summary>
    public void CopyToBgra(Span<byte> destination, int destinationStrideBytes)
    {
        CheckBuffer(destination.Length, destinationStrideBytes, nameof(destination));
        ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
        fixed (byte* bgra = destination)
        {
            Transfer(bgra, destinationStrideBytes, new PixelRect(0, 0, Width, Height), toPanel: false);
        }
    }

    /// <summary>Pushes file-backed pages to disk; a no-op worth nothing on a real framebuffer.</summary>
    public void Sync()
    {
        if (IsVirtual && !_mapping.IsClosed)
        {
            _mapping.Sync();
        }
    }

    public void Dispose()
    {
        if (_mapping.IsClosed)
        {
            return;
        }

        Sync();
        _mapping.Dispose();
        _fd.Dispose();
    }

    private void CheckBuffer(int length, int strideBytes, string name)
    {
        if (strideBytes < Width * 4 || length < ((long)(Height - 1) * strideBytes) + (Width * 4L))
        {
            throw new ArgumentException(
                $"A {Width}x{Height} BGRA buffer needs a stride of at least {Width * 4} bytes and " +
                $"{((long)(Height - 1) * strideBytes) + (Width * 4L)} bytes in all (got stride {strideBytes}, {length} bytes).",
                name);
        }
    }

    /// <summary>
    /// Walks the panel rectangle under <paramref name="logical"/> row by row, so framebuffer memory (often uncached,
    /// write-combined) is touched sequentially; the cached back buffer takes the strided accesses that rotation needs.
    /// </summary>
    private void Transfer(byte* bgra, int bgraStride, PixelRect logical, bool toPanel)
    {
        var (ax, ay) = Rotation.LogicalToPanel(logical.X, logical.Y, PanelWidth, PanelHeight);
        var (bx, by) = Rotation.LogicalToPanel(logical.Right - 1, logical.Bottom - 1, PanelWidth, PanelHeight);
        int px0 = Math.Min(ax, bx), px1 = Math.Max(ax, bx), py0 = Math.Min(ay, by), py1 = Math.Max(ay, by);
        int count = px1 - px0 + 1;

        // Offsets are linear in panel x, so one step per panel pixel describes the whole row.
        long OffsetOf(int px, int py)
        {
            var (lx, ly) = Rotation.PanelToLogical(px, py, PanelWidth, PanelHeight);
            return ((long)ly * bgraStride) + (lx * 4L);
        }

        long step = OffsetOf(px0 + 1, py0) - OffsetOf(px0, py0);
        for (int py = py0; py <= py1; py++)
        {
            byte* panel = _origin + ((long)py * StrideBytes) + ((long)px0 * _bytesPerPixel);
            byte* back = bgra + OffsetOf(px0, py);
            if (toPanel)
            {
                WriteRow(back, step, panel, count);
            }
            else
            {
                ReadRow(panel, back, step, count);
            }
        }
    }

    private void WriteRow(byte* src, long srcStep, byte* dst, int count)
    {
        switch (Format)
        {
            case FramebufferFormat.Bgrx8888 or FramebufferFormat.Bgra8888 when srcStep == 4:
                Buffer.MemoryCopy(src, dst, count * 4L, count * 4L);
                break;
            case FramebufferFormat.Bgrx8888 or FramebufferFormat.Bgra8888:
                for (int i = 0; i < count; i++, src += srcStep)
                {
                    ((uint*)dst)[i] = *(uint*)src;
                }

                break;
            case FramebufferFormat.Rgbx8888 or FramebufferFormat.Rgba8888:
                for (int i = 0; i < count; i++, src += srcStep)
                {
                    ((uint*)dst)[i] = SwapRedBlue(*(uint*)src);
                }

                break;
            default:
                for (int i = 0; i < count; i++, src += srcStep)
                {
                    uint p = *(uint*)src;
                    ((ushort*)dst)[i] = (ushort)(((p >> 8) & 0xF800) | ((p >> 5) & 0x07E0) | ((p >> 3) & 0x001F));
                }

                break;
        }
    }

    private void ReadRow(byte* src, byte* dst, long dstStep, int count)
    {
        uint opaque = Format is FramebufferFormat.Bgra8888 or FramebufferFormat.Rgba8888 ? 0u : 0xFF00_0000u;
        for (int i = 0; i < count; i++, dst += dstStep)
        {
            uint bgra;
            switch (Format)
            {
                case FramebufferFormat.Bgrx8888 or FramebufferFormat.Bgra8888:
                    bgra = ((uint*)src)[i] | opaque;
                    break;
                case FramebufferFormat.Rgbx8888 or FramebufferFormat.Rgba8888:
                    bgra = SwapRedBlue(((uint*)src)[i]) | opaque;
                    break;
                default:
                    uint p = ((ushort*)src)[i];
                    uint r = (p >> 11) & 0x1F, g = (p >> 5) & 0x3F, b = p & 0x1F;
                    bgra = 0xFF00_0000u | (((r << 3) | (r >> 2)) << 16) | (((g << 2) | (g >> 4)) << 8) | (b << 3) | (b >> 2);
                    break;
            }

            *(uint*)dst = bgra;
        }
    }

    private static uint SwapRedBlue(uint p) => (p & 0xFF00_FF00u) | ((p >> 16) & 0xFFu) | ((p & 0xFFu) << 16);
}
