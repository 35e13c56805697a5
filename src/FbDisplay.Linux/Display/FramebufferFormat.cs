using FbDisplay.Core.Display;

namespace FbDisplay.Linux.Display;

/// <summary>Facts about each <see cref="FramebufferFormat"/>.</summary>
public static class FramebufferFormats
{
    public static int BytesPerPixel(this FramebufferFormat format) => format == FramebufferFormat.Rgb565 ? 2 : 4;

    /// <summary>
    /// Picks the format from the fb_var_screeninfo bit depth and channel bit offsets (offsets count from the least
    /// significant bit of a little-endian pixel word).
    /// </summary>
    public static FramebufferFormat FromBitfields(int bitsPerPixel, int redOffset, int greenOffset, int blueOffset, int alphaLength) =>
        (bitsPerPixel, redOffset, greenOffset, blueOffset) switch
        {
            (32, 16, 8, 0) => alphaLength > 0 ? FramebufferFormat.Bgra8888 : FramebufferFormat.Bgrx8888,
            (32, 0, 8, 16) => alphaLength > 0 ? FramebufferFormat.Rgba8888 : FramebufferFormat.Rgbx8888,
            (16, 11, 5, 0) => FramebufferFormat.Rgb565,
            _ => throw new NotSupportedException(
                $"Framebuffer pixel layout {bitsPerPixel} bpp with red at bit {redOffset}, green at {greenOffset}, " +
                $"blue at {blueOffset} is not supported (use 32 bpp XRGB/XBGR or 16 bpp RGB565)."),
        };
}
