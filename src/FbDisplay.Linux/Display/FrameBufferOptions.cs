using FbDisplay.Core.Display;

namespace FbDisplay.Linux.Display;

/// <summary>
/// Where and how to draw (configuration section <c>Display</c>). For a character device the kernel decides size and
/// format; <see cref="Width"/>, <see cref="Height"/> and <see cref="Format"/> only shape a regular file standing in
/// for a framebuffer. Width and height are the panel's, before rotation.
/// </summary>
public sealed record FrameBufferOptions(
    string Path = "/dev/fb0",
    int Width = 800,
    int Height = 480,
    FramebufferFormat Format = FramebufferFormat.Bgrx8888,
    DisplayRotation Rotation = DisplayRotation.Rotate0);
