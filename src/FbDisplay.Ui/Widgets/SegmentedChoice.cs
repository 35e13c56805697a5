using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>A row of mutually exclusive options (OFF / SENDER / RECEIVER); tap one to select it. Two options make a toggle.</summary>
public sealed class SegmentedChoice : Widget
{
    private readonly TextRun[] _runs;
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _border = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private int _selected;

    /// <summary>Creates the control with <paramref name="options"/> (at least one), the first selected.</summary>
    public SegmentedChoice(PixelRect bounds, params string[] options)
        : base(bounds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(options.Length);
        _runs = new TextRun[options.Length];
        for (int i = 0; i < options.Length; i++)
        {
            _runs[i] = new TextRun(Fonts.Bold, Theme.SmallTextSize + 2f);
            _runs[i].Set(options[i]);

            // A word a little too long for its segment (in another language) is set up to a fifth smaller.
            float room = SegmentRect(i).Width - 10f;
            while (_runs[i].Width > room && _runs[i].Size > (Theme.SmallTextSize + 2f) * 0.8f)
            {
                _runs[i].Size -= 1f;
            }
        }
    }

    /// <summary>Raised when the user picks a different option.</summary>
    public event EventHandler? SelectionChanged;

    /// <summary>Number of options.</summary>
    public int OptionCount => _runs.Length;

    /// <summary>Index of the selected option.</summary>
    public int SelectedIndex
    {
        get => _selected;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, _runs.Length);
            if (_selected != value)
            {
                // Only the two segments that changed look different.
                Invalidate(SegmentRect(_selected));
                _selected = value;
                Invalidate(SegmentRect(_selected));
            }
        }
    }

    /// <summary>The screen area of option <paramref name="index"/>.</summary>
    public PixelRect SegmentRect(int index)
    {
        int left = Bounds.X + (int)((long)Bounds.Width * index / _runs.Length);
        int right = Bounds.X + (int)((long)Bounds.Width * (index + 1) / _runs.Length);
        return PixelRect.FromEdges(left, Bounds.Y, right, Bounds.Bottom);
    }

    /// <inheritdoc/>
    public override bool OnGesture(in Gesture gesture)
    {
        if (gesture.Kind == GestureKind.Tap)
        {
            int index = (int)((long)(gesture.X - Bounds.X) * _runs.Length / Math.Max(1, Bounds.Width));
            index = Math.Clamp(index, 0, _runs.Length - 1);
            if (index != _selected)
            {
                SelectedIndex = index;
                SelectionChanged?.Invoke(this, EventArgs.Empty);
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        for (int i = 0; i < _runs.Length && Visible; i++)
        {
            CheckFits(into, _runs[i].Text, _runs[i].Width, SegmentRect(i).Width - 10f);
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect box = BoundsRect;
        box.Inflate(-1f, -1f);
        _fill.Color = Theme.ButtonFace;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
        for (int i = 0; i < _runs.Length; i++)
        {
            PixelRect seg = SegmentRect(i);
            if (!seg.Intersects(clip))
            {
                continue;
            }

            SKRect r = ToSkRect(seg);
            r.Inflate(-3f, -3f);
            bool selected = i == _selected;
            if (selected)
            {
                _fill.Color = Enabled ? Theme.Accent : Theme.TextDisabled;
                canvas.DrawRoundRect(r, Theme.CornerRadius - 2f, Theme.CornerRadius - 2f, _fill);
            }

            _text.Color = selected ? Theme.Text : Enabled ? Theme.TextDim : Theme.TextDisabled;
            _runs[i].DrawIn(canvas, r, TextAlign.Center, _text);
        }

        _border.Color = Theme.PanelBorder;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _border);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (TextRun run in _runs)
            {
                run.Dispose();
            }

            _fill.Dispose();
            _border.Dispose();
            _text.Dispose();
        }
    }
}
