using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// A message strip that shows a result ("Saved", "nmcli not found") and hides itself after a while. Messages come from
/// the backend in any length and language: a long one is set smaller, down to <see cref="Theme.SmallTextSize"/>, and
/// then on two lines, so it is read whole (a message cut at the edge was found on the appliance: COPY LOG's result).
/// </summary>
public sealed class Toast : Widget
{
    private const float TwoLineSize = 16f;
    private readonly TimeProvider _time;
    private readonly TextRun _run = new(Fonts.Bold, Theme.TextSize, 256);
    private readonly TextRun _second = new(Fonts.Bold, TwoLineSize, 256);
    private string _message = "";
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private long _shownAt;
    private SKColor _accent = Theme.Accent;

    /// <summary>Creates a hidden toast.</summary>
    public Toast(PixelRect bounds, TimeProvider time)
        : base(bounds)
    {
        _time = time;
        Visible = false;
    }

    /// <summary>How long a message stays; zero keeps it until replaced.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The message shown.</summary>
    public ReadOnlySpan<char> Text => _message;

    /// <summary>True when the message needs two lines.</summary>
    public bool IsTwoLines => _second.Text.Length > 0;

    /// <summary>Shows <paramref name="message"/>: green edge for success, red for failure, blue for news.</summary>
    public void Show(string message, ToastKind kind = ToastKind.Info)
    {
        _message = message;
        Fit(message);
        _accent = kind switch
        {
            ToastKind.Success => Theme.Charge,
            ToastKind.Error => Theme.Discharge,
            _ => Theme.Accent,
        };
        _shownAt = _time.GetTimestamp();
        Visible = true;
        Invalidate();
    }

    private float Room => Bounds.Width - 32f;

    private void Fit(string message)
    {
        _second.Set("");
        _run.Set(message);
        for (float size = Theme.TextSize; size >= Theme.SmallTextSize; size--)
        {
            _run.Size = size;
            if (_run.Width <= Room)
            {
                return;
            }
        }

        // Two lines: the longest first line that fits, broken at a space.
        _run.Size = TwoLineSize;
        _second.Size = TwoLineSize;
        ReadOnlySpan<char> text = message;
        int cut = text.Length;
        while ((cut = text[..cut].LastIndexOf(' ')) > 0)
        {
            _run.Set(text[..cut]);
            if (_run.Width <= Room)
            {
                _second.Set(text[(cut + 1)..]);
                return;
            }
        }

        _run.Set(message); // one word longer than the strip: FindOverflows reports it
    }

    /// <summary>Hides the message now.</summary>
    public void Hide() => Visible = false;

    /// <inheritdoc/>
    public override void Update(long timestamp)
    {
        if (Visible && Duration > TimeSpan.Zero && _time.GetElapsedTime(_shownAt, timestamp) >= Duration)
        {
            Visible = false;
        }
    }

    /// <inheritdoc/>
    public override bool HitTest(int x, int y) => false;

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (Visible)
        {
            CheckFits(into, _run.Text, _run.Width, Room);
            if (IsTwoLines)
            {
                CheckFits(into, _second.Text, _second.Width, Room);
            }
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect box = BoundsRect;
        _fill.Color = Theme.ButtonFace;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
        _fill.Color = _accent;
        canvas.DrawRoundRect(new SKRect(box.Left, box.Top, box.Left + 8f, box.Bottom), 3f, 3f, _fill);
        _text.Color = Theme.Text;
        if (IsTwoLines)
        {
            float middle = box.MidY;
            _run.DrawIn(canvas, new SKRect(box.Left + 20f, box.Top + 2f, box.Right - 12f, middle), TextAlign.Left, _text);
            _second.DrawIn(canvas, new SKRect(box.Left + 20f, middle - 2f, box.Right - 12f, box.Bottom), TextAlign.Left, _text);
        }
        else
        {
            _run.DrawIn(canvas, new SKRect(box.Left + 20f, box.Top, box.Right - 12f, box.Bottom), TextAlign.Left, _text);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _run.Dispose();
            _second.Dispose();
            _fill.Dispose();
            _text.Dispose();
        }
    }
}

/// <summary>The colour of a <see cref="Toast"/>.</summary>
public enum ToastKind : byte
{
    Info,
    Success,
    Error,
}
