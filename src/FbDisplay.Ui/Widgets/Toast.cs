using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>A message strip that shows a result ("Saved", "nmcli not found") and hides itself after a while.</summary>
public sealed class Toast : Widget
{
    private readonly TimeProvider _time;
    private readonly TextRun _run = new(Fonts.Bold, Theme.TextSize, 96);
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
    public ReadOnlySpan<char> Text => _run.Text;

    /// <summary>Shows <paramref name="message"/>: green edge for success, red for failure, blue for news.</summary>
    public void Show(string message, ToastKind kind = ToastKind.Info)
    {
        _run.Set(message);
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
            CheckFits(into, _run.Text, _run.Width, Bounds.Width - 32f);
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
        _run.DrawIn(canvas, new SKRect(box.Left + 20f, box.Top, box.Right - 12f, box.Bottom), TextAlign.Left, _text);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _run.Dispose();
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
