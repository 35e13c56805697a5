namespace FbDisplay.Core.Display;

/// <summary>
/// Where finished pixels go: /dev/fb0, a file standing in for it, or a test's memory. The UI renders into a BGRA8888
/// back buffer in logical orientation (<see cref="Width"/> x <see cref="Height"/>); the output converts pixel format
/// and rotation and copies only the rectangles it is given.
/// </summary>
public interface IDisplayOutput : IDisposable
{
    /// <summary>Logical width, after rotation.</summary>
    int Width { get; }

    /// <summary>Logical height, after rotation.</summary>
    int Height { get; }

    /// <summary>What this output is, for logs and the About panel ("/dev/fb0 800x480 BGRX8888 rot 180").</summary>
    string Description { get; }

    /// <summary>Bytes copied to the device so far (for the benchmark and /metrics).</summary>
    long BytesFlushed { get; }

    /// <summary>Copies <paramref name="dirty"/> from the back buffer to the device. Rectangles are in logical pixels and lie within the screen.</summary>
    void Flush(ReadOnlySpan<byte> bgraBackBuffer, int backBufferStrideBytes, ReadOnlySpan<PixelRect> dirty);
}
