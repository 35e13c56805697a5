namespace FbDisplay.Core.Display;

/// <summary>Pixel layout in framebuffer memory, named by byte order (BGRX8888: byte 0 is blue).</summary>
public enum FramebufferFormat
{
    /// <summary>32 bpp, bytes B G R X: the kernel's XRGB8888 on little-endian, what bochs, virtio-gpu and vc4 KMS give.</summary>
    Bgrx8888,

    /// <summary>32 bpp, bytes B G R A.</summary>
    Bgra8888,

    /// <summary>32 bpp, bytes R G B X.</summary>
    Rgbx8888,

    /// <summary>32 bpp, bytes R G B A.</summary>
    Rgba8888,

    /// <summary>16 bpp little-endian, red in the top 5 bits: the legacy Raspberry Pi firmware framebuffer.</summary>
    Rgb565,
}
