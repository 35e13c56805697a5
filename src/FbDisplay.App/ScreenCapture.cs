using FbDisplay.Ui.Rendering;
using SkiaSharp;

namespace FbDisplay.App;

/// <summary>
/// The screen as PNG for /screen.png and the demo's screenshots. One capture at a time, shared by every request that
/// arrives meanwhile, and the last PNG reused while the screen has drawn no new frame: 60 clients asking at once cost
/// one copy of the back buffer (a memcpy on the UI thread into one reused array) and one encode, not 60 of each, so
/// memory stays bounded under any number of requests (issue 17, row 7; `Bench --web-load` prints the figures).
/// </summary>
internal sealed class ScreenCapture(TickLoop loop, UiRenderer renderer)
{
    private static readonly TimeSpan UiTimeout = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private Task<byte[]?>? _running;
    private byte[] _pixels = [];
    private byte[]? _png;
    private long _pngFrame = -1;
    private long _encodes;

    /// <summary>Encodes done: fewer than requests when requests share them.</summary>
    public long Encodes => Interlocked.Read(ref _encodes);

    /// <summary>The screen as PNG, or null when the UI thread takes no work. The array is shared: never change it.</summary>
    public Task<byte[]?> CaptureAsync(CancellationToken ct)
    {
        Task<byte[]?> running;
        lock (_lock)
        {
            if (_running is null || _running.IsCompleted)
            {
                _running = Task.Run(CaptureOnceAsync, CancellationToken.None);
            }

            running = _running;
        }

        return running.WaitAsync(ct);
    }

    private async Task<byte[]?> CaptureOnceAsync()
    {
        var copied = new TaskCompletionSource<(long Frame, int W, int H, int Stride)>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool posted = loop.Post(() =>
        {
            long frame = renderer.FramesRendered;
            if (frame != _pngFrame)
            {
                ReadOnlySpan<byte> back = renderer.BackBuffer;
                if (_pixels.Length != back.Length)
                {
                    _pixels = new byte[back.Length];
                }

                back.CopyTo(_pixels);
            }

            copied.TrySetResult((frame, renderer.Width, renderer.Height, renderer.StrideBytes));
        });
        if (!posted)
        {
            return null;
        }

        (long frame, int w, int h, int stride) = await copied.Task.WaitAsync(UiTimeout).ConfigureAwait(false);
        if (frame == _pngFrame && _png is not null)
        {
            return _png;
        }

        var info = new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Premul);
        using SKImage image = SKImage.FromPixelCopy(info, _pixels, stride);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        _png = png.ToArray();
        _pngFrame = frame;
        Interlocked.Increment(ref _encodes);
        return _png;
    }
}
