using System.Threading.Channels;
using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.Services.Vnc;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.Services.Tests.Vnc;

/// <summary>An output that only counts: what the real framebuffer would be.</summary>
internal sealed class CountingOutput(int width, int height) : IDisplayOutput
{
    public int Width => width;

    public int Height => height;

    public string Description => "counting";

    public long BytesFlushed { get; private set; }

    public void Flush(ReadOnlySpan<byte> bgraBackBuffer, int backBufferStrideBytes, ReadOnlySpan<PixelRect> dirty)
    {
        foreach (PixelRect r in dirty)
        {
            BytesFlushed += r.Area * 4;
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>A screen, its mirror and a running server on a free loopback port; the test plays the UI thread.</summary>
internal sealed class VncTestBench : IAsyncDisposable
{
    public const string Password = "s3cret!";

    public VncTestBench(VncOptions? options = null, int width = 800, int height = 480, TimeProvider? time = null)
    {
        Width = width;
        Height = height;
        Back = new byte[width * height * 4];
        for (int i = 3; i < Back.Length; i += 4)
        {
            Back[i] = 255; // opaque black, like the renderer's cleared buffer
        }

        Mirror = new MirroringDisplayOutput(new CountingOutput(width, height));
        Server = new VncServer(options ?? new VncOptions { Password = Password, AuthFailureDelay = TimeSpan.Zero }, Mirror, Touches.Writer, time ?? TimeProvider.System, NullLogger.Instance);
        Server.Start(portOverride: 0);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Back { get; }

    public MirroringDisplayOutput Mirror { get; }

    public VncServer Server { get; }

    public Channel<TouchEvent> Touches { get; } = Channel.CreateUnbounded<TouchEvent>();

    public int Port => Server.Port;

    /// <summary>Paints a rectangle with a pattern that differs per pixel and per <paramref name="seed"/>, then flushes it.</summary>
    public void Paint(PixelRect r, int seed)
    {
        for (int y = r.Y; y < r.Bottom; y++)
        {
            for (int x = r.X; x < r.Right; x++)
            {
                int i = ((y * Width) + x) * 4;
                Back[i] = (byte)((x * 7) + seed);
                Back[i + 1] = (byte)((y * 3) + (seed * 5));
                Back[i + 2] = (byte)((x ^ y) + (seed * 11));
                Back[i + 3] = 255;
            }
        }

        Mirror.Flush(Back, Width * 4, [r]);
    }

    public void FillSolid(PixelRect r, byte b, byte g, byte red)
    {
        for (int y = r.Y; y < r.Bottom; y++)
        {
            for (int x = r.X; x < r.Right; x++)
            {
                int i = ((y * Width) + x) * 4;
                Back[i] = b;
                Back[i + 1] = g;
                Back[i + 2] = red;
                Back[i + 3] = 255;
            }
        }

        Mirror.Flush(Back, Width * 4, [r]);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
