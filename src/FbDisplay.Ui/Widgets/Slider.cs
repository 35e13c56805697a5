using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>A horizontal slider with its value shown at the right. Drag or tap anywhere on the track to set it.</summary>
public sealed class Slider : Widget
{
    private const float ThumbRadius = 13f;
    private readonly TextRun _valueText;
    private readonly IFormatProvider? _numbers;
    private readonly SKPaint _track = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeWidth = 8f };
    private readonly SKPaint _thumb = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly string _format;
    private string _suffix;
    private Func<float, float>? _shown;
    private float _value;
    private bool _dragging;

    /// <summary>Creates a slider over [<paramref name="minimum"/>, <paramref name="maximum"/>] in steps of <paramref name="step"/> (0 = continuous).</summary>
    public Slider(PixelRect bounds, float minimum, float maximum, float step = 0f, string format = "0.##", string suffix = "", IFormatProvider? numbers = null)
        : base(bounds)
    {
        if (!(maximum > minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), "Maximum must be above minimum.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Minimum = minimum;
        Maximum = maximum;
        Step = step;
        _format = format;
        _suffix = suffix;
        _numbers = numbers;
        _valueText = new TextRun(Fonts.Bold, Theme.TextSize);
        _value = minimum;
        _valueText.SetNumber(_value, _format, _suffix, _numbers);
        _text.Color = Theme.Text;
    }

    /// <summary>Raised when the user (not code) changes the value.</summary>
    public event EventHandler? ValueChanged;

    /// <summary>Lowest value.</summary>
    public float Minimum { get; }

    /// <summary>Highest value.</summary>
    public float Maximum { get; }

    /// <summary>Values snap to multiples of this above <see cref="Minimum"/>; 0 means no snapping.</summary>
    public float Step { get; }

    /// <summary>Pixels at the right kept for the value text (0 hides it).</summary>
    public int ValueWidth { get; init; } = 96;

    /// <summary>Fill colour of the track up to the thumb.</summary>
    public SKColor FillColor { get; init; } = Theme.Accent;

    /// <summary>True while a finger drags the thumb.</summary>
    public bool IsDragging => _dragging;

    /// <summary>
    /// How the value is shown when it differs from how it is stored (Celsius stored, Fahrenheit shown), with its unit;
    /// null shows the value as it is with the constructor's suffix.
    /// </summary>
    public void SetDisplay(Func<float, float>? shown, string suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        _shown = shown;
        _suffix = suffix;
        if (_valueText.SetNumber(shown is null ? _value : shown(_value), _format, _suffix, _numbers))
        {
            Invalidate();
        }
    }

    /// <summary>The value as shown (after <see cref="SetDisplay"/>'s conversion).</summary>
    public ReadOnlySpan<char> ValueText => _valueText.Text;

    /// <summary>The current value, clamped and snapped.</summary>
    public float Value
    {
        get => _value;
        set => SetValue(value, notify: false);
    }

    /// <inheritdoc/>
    public override bool OnGesture(in Gesture gesture)
    {
        switch (gesture.Kind)
        {
            case GestureKind.Down:
                return true;
            case GestureKind.DragStart:
            case GestureKind.DragMove:
                SetDragging(true);
                SetValue(ValueAt(gesture.X), notify: true);
                return true;
            case GestureKind.Tap:
                SetValue(ValueAt(gesture.X), notify: true);
                return true;
            case GestureKind.DragEnd:
            case GestureKind.Release:
                SetDragging(false);
                return true;
            default:
                return true;
        }
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (Visible && ValueWidth > 0)
        {
            CheckFits(into, _valueText.Text, _valueText.Width, ValueWidth);
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        (float left, float right) = TrackSpan();
        float y = Bounds.Y + (Bounds.Height / 2f);
        float x = XOf(_value);
        _track.Color = Theme.Track;
        canvas.DrawLine(left, y, right, y, _track);
        _track.Color = Enabled ? FillColor : Theme.TextDisabled;
        canvas.DrawLine(left, y, x, y, _track);
        _thumb.Color = _dragging ? Theme.Accent : Theme.Text;
        canvas.DrawCircle(x, y, _dragging ? ThumbRadius + 2f : ThumbRadius, _thumb);
        if (ValueWidth > 0)
        {
            _text.Color = Enabled ? Theme.Text : Theme.TextDisabled;
            var box = new SKRect(Bounds.Right - ValueWidth, Bounds.Y, Bounds.Right, Bounds.Bottom);
            _valueText.DrawIn(canvas, box, TextAlign.Right, _text);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _valueText.Dispose();
            _track.Dispose();
            _thumb.Dispose();
            _text.Dispose();
        }
    }

    private (float Left, float Right) TrackSpan()
    {
        float left = Bounds.X + ThumbRadius + 3f;
        float right = Bounds.Right - ValueWidth - ThumbRadius - (ValueWidth > 0 ? 12f : 3f);
        return (left, MathF.Max(left + 1f, right));
    }

    private float XOf(float value)
    {
        (float left, float right) = TrackSpan();
        return left + ((value - Minimum) / (Maximum - Minimum) * (right - left));
    }

    private float ValueAt(int x)
    {
        (float left, float right) = TrackSpan();
        return Minimum + ((x - left) / (right - left) * (Maximum - Minimum));
    }

    private void SetValue(float value, bool notify)
    {
        if (float.IsNaN(value))
        {
            return;
        }

        float v = Math.Clamp(value, Minimum, Maximum);
        if (Step > 0f)
        {
            v = Minimum + (MathF.Round((v - Minimum) / Step) * Step);
            v = Math.Clamp(v, Minimum, Maximum);
        }

        if (v == _value)
        {
            return;
        }

        _value = v;
        _valueText.SetNumber(_shown is null ? v : _shown(v), _format, _suffix, _numbers);
        Invalidate();
        if (notify)
        {
            ValueChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    private void SetDragging(bool dragging)
    {
        if (_dragging != dragging)
        {
            _dragging = dragging;
            Invalidate();
        }
    }
}
