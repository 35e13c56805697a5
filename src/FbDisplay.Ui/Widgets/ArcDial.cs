using System.Runtime.InteropServices;
using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// A speedometer-style arc: a track from <see cref="StartAngle"/> sweeping <see cref="SweepAngle"/> degrees (Skia's
/// convention: 0 = three o'clock, clockwise), filled from <see cref="Origin"/> to <see cref="Value"/> in the positive
/// or negative colour, with tick marks, optional labels, markers (LOVOLT/HIVOLT) and an optional needle. A value
/// change redraws only the band of the arc between the old and the new value.
/// </summary>
public sealed unsafe class ArcDial : Widget
{
    private const int MaxMarkers = 4;

    // The anti-aliased end of the fill, and how far it reaches back over the part copied under a plain clip.
    private const float EdgeDegrees = 4f;
    private const float EdgeOverlapDegrees = 2f;

    private readonly SKPaint _arc = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Butt };
    private readonly SKPaint _tick = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Butt };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly SKPaint _blit = new() { IsAntialias = false };
    private readonly SKPath _wedge = new();
    private SKImage? _plain;
    private SKImage? _positive;
    private SKImage? _negative;

    // The view: the dial as drawn at _viewValue, in unmanaged pixels that a surface draws into and an image wraps
    // without a copy (Skia's raster pipeline reads an image's pixels when it draws them), so bringing it up to a new
    // value allocates nothing.
    private void* _viewPixels;
    private SKSurface? _view;
    private SKImage? _viewImage;
    private float _viewValue = float.NaN;
    private bool _viewValid;
    private SKColor _builtBackground;
    private bool _markersStale = true;
    private readonly float[] _markerValues = [float.NaN, float.NaN, float.NaN, float.NaN];
    private readonly SKColor[] _markerColors = new SKColor[MaxMarkers];
    private TextRun[] _tickLabels = [];
    private float _value;
    private float _drawnValue = float.NaN;

    /// <summary>Creates a dial over [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public ArcDial(PixelRect bounds, float minimum, float maximum, float startAngle = 135f, float sweepAngle = 270f)
        : base(bounds)
    {
        if (!(maximum > minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), "Maximum must be above minimum.");
        }

        Minimum = minimum;
        Maximum = maximum;
        StartAngle = startAngle;
        SweepAngle = sweepAngle;
        Origin = minimum;
        _value = float.NaN;
    }

    /// <summary>Lowest value, at <see cref="StartAngle"/>.</summary>
    public float Minimum { get; }

    /// <summary>Highest value, at <see cref="StartAngle"/> + <see cref="SweepAngle"/>.</summary>
    public float Maximum { get; }

    /// <summary>Angle of <see cref="Minimum"/> in degrees (0 = three o'clock, 90 = six o'clock).</summary>
    public float StartAngle { get; }

    /// <summary>Degrees from minimum to maximum; negative sweeps anticlockwise.</summary>
    public float SweepAngle { get; }

    /// <summary>Where the fill starts: <see cref="Minimum"/> for a gauge, 0 for a centre-zero power dial.</summary>
    public float Origin { get; init; }

    /// <summary>Centre of the arc; defaults to the centre of the bounds.</summary>
    public SKPoint? Center { get; init; }

    /// <summary>Radius to the middle of the arc band; defaults to fit the bounds.</summary>
    public float? Radius { get; init; }

    /// <summary>Width of the arc band in pixels.</summary>
    public float Thickness { get; init; } = 18f;

    /// <summary>Colour of the unfilled track.</summary>
    public SKColor TrackColor { get; init; } = Theme.Track;

    /// <summary>Fill colour when the value is at or above <see cref="Origin"/>.</summary>
    public SKColor PositiveColor { get; init; } = Theme.Voltage;

    /// <summary>Fill colour when the value is below <see cref="Origin"/>.</summary>
    public SKColor NegativeColor { get; init; } = Theme.Voltage;

    /// <summary>Number of major divisions (ticks at both ends and between); 0 = no ticks.</summary>
    public int MajorDivisions { get; init; }

    /// <summary>Minor ticks between two major ticks.</summary>
    public int MinorPerMajor { get; init; }

    /// <summary>Tick colour.</summary>
    public SKColor TickColor { get; init; } = Theme.TextDim;

    /// <summary>Format of the numbers at the major ticks; null = no numbers.</summary>
    public string? TickLabelFormat { get; init; }

    /// <summary>Number notation of the tick labels (the display language's decimal separator); invariant when null.</summary>
    public IFormatProvider? TickLabelNumbers { get; init; }

    /// <summary>Labels are drawn at value / <see cref="TickLabelDivisor"/> (e.g. 1000 to show W as kW).</summary>
    public float TickLabelDivisor { get; init; } = 1f;

    /// <summary>Whether a needle points at the value.</summary>
    public bool ShowNeedle { get; init; }

    /// <summary>The value shown (clamped for drawing; NaN = no fill, no needle).</summary>
    public float Value
    {
        get => _value;
        set
        {
            if (BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(_value))
            {
                return;
            }

            float old = _value;
            _value = value;
            if (Screen is null)
            {
                return;
            }

            if (float.IsNaN(old) || float.IsNaN(value))
            {
                InvalidateBand(Minimum, Maximum);
            }
            else
            {
                InvalidateBand(old, value);
            }
        }
    }

    /// <summary>The value last drawn, for tests.</summary>
    internal float DrawnValue => _drawnValue;

    /// <summary>Places marker <paramref name="index"/> (0..3) at <paramref name="value"/> (NaN hides it): a long tick across the arc.</summary>
    public void SetMarker(int index, float value, SKColor color)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxMarkers);
        float old = _markerValues[index];
        if (BitConverter.SingleToInt32Bits(old) == BitConverter.SingleToInt32Bits(value) && _markerColors[index] == color)
        {
            return;
        }

        _markerValues[index] = value;
        _markerColors[index] = color;
        _markersStale = true;
        if (!float.IsNaN(old))
        {
            InvalidateBand(old, old);
        }

        if (!float.IsNaN(value))
        {
            InvalidateBand(value, value);
        }
    }

    /// <summary>The angle in degrees at which <paramref name="value"/> sits (clamped to the arc).</summary>
    public float AngleOf(float value)
    {
        float f = Math.Clamp((value - Minimum) / (Maximum - Minimum), 0f, 1f);
        return StartAngle + (f * SweepAngle);
    }

    /// <inheritdoc/>
    public override bool IsOpaque => true;

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        // The dial is composed once into opaque images over the screen's background (track, ticks, labels and markers;
        // the same with the whole fill on either side of the origin), and from them into the view: the dial as shown,
        // at the value last drawn. A draw brings the view up to the value (only the band between the two values) and
        // copies it under the clip: a full frame (a screen change) is one opaque copy, and partial redraws leave no
        // seams. The copy includes the background, so the screen fills nothing under the dial: cutting it to the ring
        // in bands of rows measured slower (each draw call costs about what copying a tenth of the image does).
        EnsureLayers();
        if (!_viewValid)
        {
            ComposeView(Bounds);
        }
        else if (BitConverter.SingleToInt32Bits(_viewValue) != BitConverter.SingleToInt32Bits(_value))
        {
            ComposeView(float.IsNaN(_viewValue) || float.IsNaN(_value) ? BandRect(Minimum, Maximum) : BandRect(_viewValue, _value));
        }

        canvas.DrawImage(_viewImage!, Bounds.X, Bounds.Y, _blit);
        _drawnValue = _value;
        SKPoint c = CenterPoint;
        float r = ArcRadius;
        if (ShowNeedle && !float.IsNaN(_value))
        {
            float a = AngleOf(_value) * MathF.PI / 180f;
            _tick.Color = Theme.Text;
            _tick.StrokeWidth = 3f;
            _tick.StrokeCap = SKStrokeCap.Round;
            float inner = r * 0.45f, outer = r + (Thickness / 2f);
            canvas.DrawLine(c.X + (inner * MathF.Cos(a)), c.Y + (inner * MathF.Sin(a)), c.X + (outer * MathF.Cos(a)), c.Y + (outer * MathF.Sin(a)), _tick);
            _tick.StrokeCap = SKStrokeCap.Butt;
        }
    }

    /// <summary>
    /// Redraws <paramref name="area"/> (screen pixels) of the view at the current value, under a clip to it, exactly as
    /// the dial would draw on the screen under that clip: the plain image, then the filled one cut at the value.
    /// </summary>
    private void ComposeView(PixelRect area)
    {
        PixelRect part = area.Intersect(Bounds);
        _viewValue = _value;
        _viewValid = true;
        if (part.IsEmpty)
        {
            return;
        }

        // The view's canvas is shifted so the paths are built in screen coordinates, as on the screen: an integer shift
        // leaves every coordinate, and so every anti-aliased pixel, the same.
        SKCanvas canvas = _view!.Canvas;
        canvas.Save();
        canvas.Translate(-Bounds.X, -Bounds.Y);
        canvas.ClipRect(ToSkRect(part));
        SKPoint c = CenterPoint;
        float r = ArcRadius;
        canvas.DrawImage(_plain!, Bounds.X, Bounds.Y, _blit);
        if (!float.IsNaN(_value))
        {
            float a0 = AngleOf(Origin), a1 = AngleOf(_value);
            if (a1 != a0)
            {
                // The filled image is cut at the value by a clip from the origin to the value, starting a little before
                // the origin so only the arc's own end shapes that side (inside and outside the band the filled and the
                // plain image are the same). Anti-aliasing only matters at the value: the band's sector up to a few
                // degrees before it is copied under a plain clip, and only the last few degrees (overlapping it, so the
                // soft start of that edge falls on pixels already filled) are blended through an anti-aliased one. Skia
                // anti-aliases that edge a few levels differently under different clips, as it always did.
                bool positive = _value >= Origin;
                SKImage filled = positive ? _positive! : _negative!;
                float outer = r + Thickness, inner = MathF.Max(0f, r - Thickness);
                float dir = MathF.Sign(a1 - a0);
                float from = a0 - (2f * dir);
                float edge = a1 - (EdgeDegrees * dir);
                // Under a small clip (a data tick) the anti-aliased clip is small anyway: one draw is cheaper than two.
                if ((edge - from) * dir > 0f && part.Area * 4L >= Bounds.Area)
                {
                    Sector(c, inner, outer, from, a1 - ((EdgeDegrees - EdgeOverlapDegrees) * dir));
                    canvas.Save();
                    canvas.ClipPath(_wedge, SKClipOperation.Intersect, antialias: false);
                    canvas.DrawImage(filled, Bounds.X, Bounds.Y, _blit);
                    canvas.Restore();
                    from = edge;
                }

                // The edge's clip is a pie from the centre, as thin as it is: its edge at the value then rasterises
                // exactly as a whole pie's would.
                _wedge.Reset();
                _wedge.MoveTo(c);
                _wedge.ArcTo(new SKRect(c.X - outer, c.Y - outer, c.X + outer, c.Y + outer), from, a1 - from, false);
                _wedge.Close();
                canvas.Save();
                canvas.ClipPath(_wedge, SKClipOperation.Intersect, antialias: true);
                canvas.DrawImage(filled, Bounds.X, Bounds.Y, _blit);
                canvas.Restore();
            }
        }

        canvas.Restore();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _arc.Dispose();
            _tick.Dispose();
            _text.Dispose();
            _blit.Dispose();
            _wedge.Dispose();
            DropLayers();
            foreach (TextRun t in _tickLabels)
            {
                t.Dispose();
            }
        }
    }

    private SKPoint CenterPoint => Center ?? new SKPoint(Bounds.X + (Bounds.Width / 2f), Bounds.Y + (Bounds.Height / 2f));

    private float ArcRadius => Radius ?? ((MathF.Min(Bounds.Width, Bounds.Height) / 2f) - (Thickness / 2f) - 4f);

    private void DrawTicks(SKCanvas canvas, SKPoint c, float r)
    {
        if (MajorDivisions <= 0)
        {
            return;
        }

        // Ticks sit just inside the band so they never collide with the fill.
        float inner = r - (Thickness / 2f) - 3f;
        int steps = MajorDivisions * Math.Max(1, MinorPerMajor + 1);
        int per = Math.Max(1, MinorPerMajor + 1);
        _tick.Color = TickColor;
        for (int i = 0; i <= steps; i++)
        {
            bool major = i % per == 0;
            float a = (StartAngle + (SweepAngle * i / steps)) * MathF.PI / 180f;
            float len = major ? 10f : 5f;
            _tick.StrokeWidth = major ? 2f : 1.2f;
            float cos = MathF.Cos(a), sin = MathF.Sin(a);
            canvas.DrawLine(c.X + (inner * cos), c.Y + (inner * sin), c.X + ((inner - len) * cos), c.Y + ((inner - len) * sin), _tick);
        }

        if (TickLabelFormat is null)
        {
            return;
        }

        EnsureTickLabels();
        _text.Color = TickColor;
        float lr = inner - 24f;
        for (int i = 0; i <= MajorDivisions; i++)
        {
            float a = (StartAngle + (SweepAngle * i / MajorDivisions)) * MathF.PI / 180f;
            float x = c.X + (lr * MathF.Cos(a)), y = c.Y + (lr * MathF.Sin(a));
            TextRun run = _tickLabels[i];
            run.DrawIn(canvas, new SKRect(x - 30f, y - 10f, x + 30f, y + 10f), TextAlign.Center, _text);
        }
    }

    private void DrawMarkers(SKCanvas canvas, SKPoint c, float r)
    {
        for (int m = 0; m < MaxMarkers; m++)
        {
            float v = _markerValues[m];
            if (float.IsNaN(v))
            {
                continue;
            }

            float a = AngleOf(v) * MathF.PI / 180f;
            float inner = r - (Thickness / 2f) - 6f, outer = r + (Thickness / 2f) + 6f;
            _tick.Color = _markerColors[m];
            _tick.StrokeWidth = 3f;
            canvas.DrawLine(c.X + (inner * MathF.Cos(a)), c.Y + (inner * MathF.Sin(a)), c.X + (outer * MathF.Cos(a)), c.Y + (outer * MathF.Sin(a)), _tick);
        }
    }

    private void EnsureTickLabels()
    {
        if (_tickLabels.Length == MajorDivisions + 1)
        {
            return;
        }

        // Built once, on the first draw: the scale never changes after construction.
        _tickLabels = new TextRun[MajorDivisions + 1];
        for (int i = 0; i <= MajorDivisions; i++)
        {
            _tickLabels[i] = new TextRun(Fonts.Regular, Theme.SmallTextSize);
            float v = Minimum + ((Maximum - Minimum) * i / MajorDivisions);
            _tickLabels[i].SetNumber(MathF.Abs(v / TickLabelDivisor), TickLabelFormat, default, TickLabelNumbers);
        }
    }

    /// <inheritdoc/>
    protected override void OnBoundsChanged() => DropLayers();

    private void DropLayers()
    {
        _plain?.Dispose();
        _positive?.Dispose();
        _negative?.Dispose();
        _plain = _positive = _negative = null;
        _markersStale = true;
        _viewValid = false;
        _viewImage?.Dispose();
        _view?.Dispose();
        _viewImage = null;
        _view = null;
        if (_viewPixels is not null)
        {
            NativeMemory.Free(_viewPixels);
            _viewPixels = null;
        }
    }

    private void EnsureLayers()
    {
        // The lambdas below capture locals, which makes the compiler allocate their closure on entry to the method
        // that declares them: keep that method off the steady-state path.
        if (_plain is null || _markersStale || _builtBackground != BackgroundColor)
        {
            BuildLayers();
        }
    }

    /// <summary>Sets the wedge path to the band's sector from <paramref name="from"/> to <paramref name="to"/> degrees.</summary>
    private void Sector(SKPoint c, float inner, float outer, float from, float to)
    {
        _wedge.Reset();
        _wedge.ArcTo(new SKRect(c.X - outer, c.Y - outer, c.X + outer, c.Y + outer), from, to - from, true);
        _wedge.ArcTo(new SKRect(c.X - inner, c.Y - inner, c.X + inner, c.Y + inner), to, from - to, false);
        _wedge.Close();
    }

    private SKColor BackgroundColor => Screen?.Background ?? Theme.Background;

    private void BuildLayers()
    {
        DropLayers();
        _markersStale = false;
        _builtBackground = BackgroundColor;
        SKPoint c = CenterPoint;
        float r = ArcRadius;
        var oval = new SKRect(c.X - r, c.Y - r, c.X + r, c.Y + r);
        _arc.StrokeWidth = Thickness;

        // Transparent layers first, each blended over the background exactly as a screen draw would.
        using SKImage track = Layer(canvas =>
        {
            _arc.Color = TrackColor;
            canvas.DrawArc(oval, StartAngle, SweepAngle, false, _arc);
            DrawTicks(canvas, c, r);
        });
        float a0 = AngleOf(Origin);
        using SKImage positive = Layer(canvas =>
        {
            _arc.Color = PositiveColor;
            canvas.DrawArc(oval, a0, AngleOf(Maximum) - a0, false, _arc);
        });
        using SKImage negative = Layer(canvas =>
        {
            _arc.Color = NegativeColor;
            canvas.DrawArc(oval, a0, AngleOf(Minimum) - a0, false, _arc);
        });
        bool anyMarker = false;
        foreach (float v in _markerValues)
        {
            anyMarker |= !float.IsNaN(v);
        }

        using SKImage? markers = anyMarker ? Layer(canvas => DrawMarkers(canvas, c, r)) : null;
        _plain = Compose(track, null, markers);
        _positive = Compose(track, positive, markers);
        _negative = Compose(track, negative, markers);

        var info = new SKImageInfo(Math.Max(1, Bounds.Width), Math.Max(1, Bounds.Height), SKColorType.Bgra8888, SKAlphaType.Opaque);
        _viewPixels = NativeMemory.AllocZeroed((nuint)info.BytesSize64);
        _view = SKSurface.Create(info, (IntPtr)_viewPixels, info.RowBytes)
            ?? throw new InvalidOperationException("Skia could not create the dial's view.");
        _viewImage = SKImage.FromPixels(info, (IntPtr)_viewPixels, info.RowBytes)
            ?? throw new InvalidOperationException("Skia could not wrap the dial's view.");
        _viewValid = false;
    }

    private SKImage Layer(Action<SKCanvas> draw)
    {
        var info = new SKImageInfo(Math.Max(1, Bounds.Width), Math.Max(1, Bounds.Height), SKColorType.Bgra8888, SKAlphaType.Premul);
        using SKSurface surface = SKSurface.Create(info);
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Translate(-Bounds.X, -Bounds.Y);
        draw(canvas);
        return surface.Snapshot();
    }

    /// <summary>The background, the track layer, a fill layer and the markers, in screen order, as one opaque image.</summary>
    private SKImage Compose(SKImage track, SKImage? fill, SKImage? markers)
    {
        var info = new SKImageInfo(Math.Max(1, Bounds.Width), Math.Max(1, Bounds.Height), SKColorType.Bgra8888, SKAlphaType.Opaque);
        using SKSurface surface = SKSurface.Create(info);
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(_builtBackground.WithAlpha(0xFF));
        canvas.DrawImage(track, 0, 0);
        if (fill is not null)
        {
            canvas.DrawImage(fill, 0, 0);
        }

        if (markers is not null)
        {
            canvas.DrawImage(markers, 0, 0);
        }

        return surface.Snapshot();
    }

    /// <summary>Invalidates the bounding box of the arc band between two values (plus the needle's sweep).</summary>
    private void InvalidateBand(float from, float to) => Invalidate(BandRect(from, to));

    /// <summary>The bounding box of the arc band between two values (plus the needle's sweep), in screen pixels.</summary>
    private PixelRect BandRect(float from, float to)
    {
        SKPoint c = CenterPoint;
        float r = ArcRadius;
        float a0 = AngleOf(from), a1 = AngleOf(to);
        if (a0 > a1)
        {
            (a0, a1) = (a1, a0);
        }

        // Markers and fill ends are straight radial edges: widen a little so anti-aliasing is covered.
        a0 -= 1.5f;
        a1 += 1.5f;
        float rIn = ShowNeedle ? r * 0.45f - 3f : r - (Thickness / 2f) - 8f;
        float rOut = r + (Thickness / 2f) + 8f;
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        Include(a0);
        Include(a1);

        // Cardinal directions inside the range are where the band bulges furthest.
        for (int k = (int)MathF.Ceiling(a0 / 90f); k * 90f <= a1; k++)
        {
            Include(k * 90f);
        }

        return PixelRect.FromEdges((int)MathF.Floor(minX) - 2, (int)MathF.Floor(minY) - 2, (int)MathF.Ceiling(maxX) + 2, (int)MathF.Ceiling(maxY) + 2);

        void Include(float degrees)
        {
            float a = degrees * MathF.PI / 180f;
            float cos = MathF.Cos(a), sin = MathF.Sin(a);
            Point(c.X + (rIn * cos), c.Y + (rIn * sin));
            Point(c.X + (rOut * cos), c.Y + (rOut * sin));
        }

        void Point(float x, float y)
        {
            minX = MathF.Min(minX, x);
            minY = MathF.Min(minY, y);
            maxX = MathF.Max(maxX, x);
            maxY = MathF.Max(maxY, y);
        }
    }
}
