using FbDisplay.Core.Display;
using FbDisplay.Linux;
using FbDisplay.Linux.Display;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Display;

public sealed class FbDevOutputTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory("fbdev");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private FbDevOutput OpenFile(int width, int height, FramebufferFormat format, DisplayRotation rotation = DisplayRotation.Rotate0) =>
        FbDevOutput.Open(new FrameBufferOptions(_temp.File("fb.raw"), width, height, format, rotation));

    private static byte[] Pattern(int width, int height, int seed = 1)
    {
        var bytes = new byte[width * height * 4];
        new Random(seed).NextBytes(bytes);
        for (int i = 3; i < bytes.Length; i += 4)
        {
            bytes[i] = 0xFF;
        }

        return bytes;
    }

    private byte[] FileBytes() => File.ReadAllBytes(_temp.File("fb.raw"));

    [Test]
    public void A_missing_file_becomes_a_virtual_framebuffer_of_stride_times_height()
    {
        using var fb = OpenFile(16, 8, FramebufferFormat.Rgb565);

        Assert.That(fb.IsVirtual, Is.True);
        Assert.That(fb.StrideBytes, Is.EqualTo(32));
        Assert.That(FileBytes(), Has.Length.EqualTo(32 * 8));
        Assert.That(fb.Description, Does.Contain("16x8 RGB565 rot 0"));
    }

    [Test]
    public void Flush_of_a_dirty_rect_writes_exactly_those_pixels()
    {
        using var fb = OpenFile(16, 8, FramebufferFormat.Bgrx8888);
        var back = Pattern(16, 8);
        var rect = new PixelRect(3, 2, 5, 4);

        fb.Flush(back, 16 * 4, [rect]);

        var file = FileBytes();
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                int i = ((y * 16) + x) * 4;
                var expected = rect.Contains(x, y) ? back.AsSpan(i, 4).ToArray() : new byte[4];
                Assert.That(file.AsSpan(i, 4).ToArray(), Is.EqualTo(expected), $"pixel ({x},{y})");
            }
        }
    }

    [Test]
    public void Flush_honours_a_back_buffer_stride_wider_than_the_screen()
    {
        using var fb = OpenFile(4, 2, FramebufferFormat.Bgrx8888);
        var back = new byte[2 * 24];
        back.AsSpan(24 + 12, 4).Fill(0x5A); // logical (3,1) in a 24-byte stride

        fb.Flush(back, 24, [new PixelRect(0, 0, 4, 2)]);

        Assert.That(FileBytes().AsSpan(28, 4).ToArray(), Is.EqualTo(new byte[] { 0x5A, 0x5A, 0x5A, 0x5A }));
    }

    [TestCase(FramebufferFormat.Bgrx8888, new byte[] { 0x10, 0x80, 0xF0, 0xFF })]
    [TestCase(FramebufferFormat.Bgra8888, new byte[] { 0x10, 0x80, 0xF0, 0xFF })]
    [TestCase(FramebufferFormat.Rgbx8888, new byte[] { 0xF0, 0x80, 0x10, 0xFF })]
    [TestCase(FramebufferFormat.Rgba8888, new byte[] { 0xF0, 0x80, 0x10, 0xFF })]
    // R 0xF0>>3 = 30, G 0x80>>2 = 32, B 0x10>>3 = 2: 11110 100000 00010 = 0xF402, little-endian
    [TestCase(FramebufferFormat.Rgb565, new byte[] { 0x02, 0xF4 })]
    public void Each_format_stores_a_pixel_in_its_byte_order(FramebufferFormat format, byte[] expected)
    {
        using var fb = OpenFile(2, 1, format);
        byte[] back = [0, 0, 0, 0, 0x10, 0x80, 0xF0, 0xFF]; // pixel (1,0) B=0x10 G=0x80 R=0xF0

        fb.Flush(back, 8, [new PixelRect(1, 0, 1, 1)]);

        int bpp = format.BytesPerPixel();
        Assert.That(FileBytes().AsSpan(bpp, bpp).ToArray(), Is.EqualTo(expected));
        Assert.That(FileBytes().AsSpan(0, bpp).ToArray(), Is.All.Zero);
    }

    // Panel 8x6. Logical (1,2): at 90 clockwise the logical top-left sits at the panel's top-right.
    [TestCase(DisplayRotation.Rotate0, 1, 2)]
    [TestCase(DisplayRotation.Rotate90, 5, 1)]
    [TestCase(DisplayRotation.Rotate180, 6, 3)]
    [TestCase(DisplayRotation.Rotate270, 2, 4)]
    public void A_logical_pixel_lands_where_the_rotation_puts_it(DisplayRotation rotation, int panelX, int panelY)
    {
        using var fb = OpenFile(8, 6, FramebufferFormat.Bgrx8888, rotation);
        var back = new byte[fb.Width * fb.Height * 4];
        int logical = ((2 * fb.Width) + 1) * 4;
        back[logical] = 0xAB;

        fb.Flush(back, fb.Width * 4, [new PixelRect(0, 0, fb.Width, fb.Height)]);

        var file = FileBytes();
        var lit = Enumerable.Range(0, 8 * 6).Where(p => file[p * 4] != 0).Select(p => (p % 8, p / 8)).ToArray();
        Assert.That(lit, Is.EqualTo(new[] { (panelX, panelY) }));
    }

    [TestCase(DisplayRotation.Rotate90)]
    [TestCase(DisplayRotation.Rotate270)]
    public void Quarter_turns_swap_logical_width_and_height(DisplayRotation rotation)
    {
        using var fb = OpenFile(8, 6, FramebufferFormat.Bgrx8888, rotation);

        Assert.That((fb.Width, fb.Height), Is.EqualTo((6, 8)));
    }

    [TestCase(DisplayRotation.Rotate90)]
    [TestCase(DisplayRotation.Rotate180)]
    [TestCase(DisplayRotation.Rotate270)]
    public void A_rotated_dirty_rect_touches_only_its_panel_pixels(DisplayRotation rotation)
    {
        using var fb = OpenFile(8, 6, FramebufferFormat.Rgb565, rotation);
        var back = Pattern(fb.Width, fb.Height);
        var rect = new PixelRect(1, 2, 3, 2);

        fb.Flush(back, fb.Width * 4, [rect]);

        var file = FileBytes();
        for (int py = 0; py < 6; py++)
        {
            for (int px = 0; px < 8; px++)
            {
                var (lx, ly) = rotation.PanelToLogical(px, py, 8, 6);
                bool written = file[((py * 8) + px) * 2] != 0 || file[(((py * 8) + px) * 2) + 1] != 0;
                if (!rect.Contains(lx, ly))
                {
                    Assert.That(written, Is.False, $"panel ({px},{py}) is outside the rect");
                }
            }
        }

        var readBack = new byte[back.Length];
        fb.CopyToBgra(readBack, fb.Width * 4);
        for (int y = rect.Y; y < rect.Bottom; y++)
        {
            for (int x = rect.X; x < rect.Right; x++)
            {
                int i = ((y * fb.Width) + x) * 4;
                Assert.That(readBack[i + 2] >> 3, Is.EqualTo(back[i + 2] >> 3), $"red at ({x},{y})");
                Assert.That(readBack[i + 1] >> 2, Is.EqualTo(back[i + 1] >> 2), $"green at ({x},{y})");
                Assert.That(readBack[i] >> 3, Is.EqualTo(back[i] >> 3), $"blue at ({x},{y})");
            }
        }
    }

    [TestCase(FramebufferFormat.Bgrx8888, 4)]
    [TestCase(FramebufferFormat.Rgba8888, 4)]
    [TestCase(FramebufferFormat.Rgb565, 2)]
    public void BytesFlushed_counts_rect_area_times_bytes_per_pixel(FramebufferFormat format, int bytesPerPixel)
    {
        using var fb = OpenFile(16, 8, format);
        var back = Pattern(16, 8);

        fb.Flush(back, 64, [new PixelRect(0, 0, 5, 3), new PixelRect(10, 4, 2, 2)]);
        fb.Flush(back, 64, [new PixelRect(1, 1, 1, 1), new PixelRect(20, 20, 4, 4)]); // the second lies off screen

        Assert.That(fb.BytesFlushed, Is.EqualTo((15 + 4 + 1) * bytesPerPixel));
    }

    [Test]
    public void Read_back_round_trips_every_32_bit_format_and_rotation(
        [Values(FramebufferFormat.Bgrx8888, FramebufferFormat.Bgra8888, FramebufferFormat.Rgbx8888, FramebufferFormat.Rgba8888)]
        FramebufferFormat format,
        [Values] DisplayRotation rotation)
    {
        using var fb = OpenFile(10, 7, format, rotation);
        var back = Pattern(fb.Width, fb.Height, seed: (int)format + (int)rotation);
        fb.Flush(back, fb.Width * 4, [new PixelRect(0, 0, fb.Width, fb.Height)]);

        var readBack = new byte[back.Length];
        fb.CopyToBgra(readBack, fb.Width * 4);

        Assert.That(readBack, Is.EqualTo(back));
    }

    [Test]
    public void Read_back_of_rgb565_expands_to_full_range()
    {
        using var fb = OpenFile(2, 1, FramebufferFormat.Rgb565);
        byte[] back = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF];
        fb.Flush(back, 8, [new PixelRect(0, 0, 2, 1)]);

        var readBack = new byte[8];
        fb.CopyToBgra(readBack, 8);

        Assert.That(readBack, Is.EqualTo(back));
    }

    [Test]
    public void Reopening_a_virtual_framebuffer_keeps_its_contents()
    {
        var back = Pattern(4, 4);
        using (var fb = OpenFile(4, 4, FramebufferFormat.Bgrx8888))
        {
            fb.Flush(back, 16, [new PixelRect(0, 0, 4, 4)]);
        }

        using var again = OpenFile(4, 4, FramebufferFormat.Bgrx8888);
        var readBack = new byte[back.Length];
        again.CopyToBgra(readBack, 16);

        Assert.That(readBack, Is.EqualTo(back));
    }

    [Test]
    public void A_back_buffer_too_small_for_the_screen_is_refused()
    {
        using var fb = OpenFile(4, 4, FramebufferFormat.Bgrx8888);

        Assert.That(() => fb.Flush(new byte[60], 16, [new PixelRect(0, 0, 1, 1)]), Throws.ArgumentException);
    }

    [Test]
    public void A_character_device_that_is_no_framebuffer_fails_naming_path_and_errno()
    {
        var error = Assert.Throws<LinuxIoException>(() => FbDevOutput.Open(new FrameBufferOptions("/dev/null")));

        Assert.That(error!.Message, Does.StartWith("/dev/null: FBIOGET_VSCREENINFO failed:").And.Contain("(errno 25)"));
    }

    [Test]
    public void A_missing_framebuffer_device_is_reported_as_missing_not_created()
    {
        // A Pi whose kernel gives no fbdev (e.g. KMS without fbdev emulation): /dev/fb0 must not become a plain file.
        const string path = "/dev/fb-fbdisplay-test-missing";
        var error = Assert.Throws<LinuxIoException>(() => FbDevOutput.Open(new FrameBufferOptions(path)));
        Assert.That(error!.Message, Does.StartWith(path + ": no such framebuffer device (ENOENT)"));
        Assert.That(File.Exists(path), Is.False);
    }

    [TestCase(32, 16, 8, 0, 0, FramebufferFormat.Bgrx8888)]
    [TestCase(32, 16, 8, 0, 8, FramebufferFormat.Bgra8888)]
    [TestCase(32, 0, 8, 16, 0, FramebufferFormat.Rgbx8888)]
    [TestCase(32, 0, 8, 16, 8, FramebufferFormat.Rgba8888)]
    [TestCase(16, 11, 5, 0, 0, FramebufferFormat.Rgb565)]
    public void The_format_follows_the_kernel_bitfields(int bpp, int red, int green, int blue, int alpha, FramebufferFormat expected) =>
        Assert.That(FramebufferFormats.FromBitfields(bpp, red, green, blue, alpha), Is.EqualTo(expected));

    [Test]
    public void An_unsupported_layout_is_refused_with_its_numbers() =>
        Assert.That(
            () => FramebufferFormats.FromBitfields(24, 16, 8, 0, 0),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("24 bpp"));
}
