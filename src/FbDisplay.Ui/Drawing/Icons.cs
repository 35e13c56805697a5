using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>The built-in vector icons (no image files).</summary>
public enum IconKind : byte
{
    None,
    Gear,
    ArrowLeft,
    ArrowRight,
    ArrowUp,
    ArrowDown,
    Close,
    Check,
    Battery,

    /// <summary>A triangle with an exclamation mark: an alarm.</summary>
    Warning,

    /// <summary>A bell: the alarm screen.</summary>
    Bell,
}

/// <summary>
/// Draws <see cref="IconKind"/> glyphs. Each outline is built once on a 24x24 grid and scaled at draw time, so
/// drawing allocates nothing. Not thread-safe: the UI thread draws.
/// </summary>
public static class Icons
{
    private const float Grid = 24f;
    private static readonly SKPath GearPath = BuildGear();
    private static readonly SKPath LeftPath = BuildChevron(-1, 0);
    private static readonly SKPath RightPath = BuildChevron(1, 0);
    private static readonly SKPath UpPath = BuildChevron(0, -1);
    private static readonly SKPath DownPath = BuildChevron(0, 1);
    private static readonly SKPath ClosePath = BuildClose();
    private static readonly SKPath CheckPath = BuildCheck();
    private static readonly SKPath WarningPath = BuildWarning();
    private static readonly SKPath BellPath = BuildBell();

    /// <summary>Draws <paramref name="kind"/> centred in <paramref name="box"/> (square fit) in <paramref name="paint"/>'s colour.</summary>
    /// <remarks>The paint's style and stroke width are set here; its colour is the caller's.</remarks>
    public static void Draw(SKCanvas canvas, IconKind kind, SKRect box, SKPaint paint)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(paint);
        if (kind == IconKind.None)
        {
            return;
        }

        if (kind == IconKind.Battery)
        {
            DrawBattery(canvas, box, float.NaN, paint, paint.Color);
            return;
        }

        float size = MathF.Min(box.Width, box.Height);
        float scale = size / Grid;
        canvas.Save();
        canvas.Translate(box.MidX - (size / 2f), box.MidY - (size / 2f));
        canvas.Scale(scale);
        paint.IsAntialias = true;
        switch (kind)
        {
            case IconKind.Gear:
                paint.Style = SKPaintStyle.Fill;
                canvas.DrawPath(GearPath, paint);
                break;
            case IconKind.Warning or IconKind.Bell:
                paint.Style = SKPaintStyle.Fill;
                canvas.DrawPath(kind == IconKind.Warning ? WarningPath : BellPath, paint);
                break;
            default:
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = 2.6f;
                paint.StrokeCap = SKStrokeCap.Round;
                paint.StrokeJoin = SKStrokeJoin.Round;
                canvas.DrawPath(PathOf(kind), paint);
                break;
        }

        canvas.Restore();
    }

    /// <summary>
    /// A horizontal battery outline with a terminal nub, filled to <paramref name="fraction"/> (0..1; NaN = outline only)
    /// in <paramref name="fillColor"/>.
    /// </summary>
    public static void DrawBattery(SKCanvas canvas, SKRect box, float fraction, SKPaint paint, SKColor fillColor)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(paint);
        SKColor outline = paint.Color;
        float stroke = MathF.Max(2f, MathF.Round(box.Height / 10f));
        float nubW = MathF.Max(3f, box.Width * 0.07f);
        var body = new SKRect(box.Left + (stroke / 2f), box.Top + (stroke / 2f), box.Right - nubW - (stroke / 2f), box.Bottom - (stroke / 2f));
        paint.IsAntialias = true;
        paint.Style = SKPaintStyle.Stroke;
        paint.StrokeWidth = stroke;
        float radius = stroke * 1.2f;
        canvas.DrawRoundRect(body, radius, radius, paint);
        paint.Style = SKPaintStyle.Fill;
        float nubH = body.Height * 0.42f;
        canvas.DrawRoundRect(new SKRect(body.Right + (stroke / 2f), body.MidY - (nubH / 2f), box.Right, body.MidY + (nubH / 2f)), stroke / 2f, stroke / 2f, paint);
        if (!float.IsNaN(fraction))
        {
            float inset = stroke * 1.5f;
            var inner = new SKRect(body.Left + inset, body.Top + inset, body.Right - inset, body.Bottom - inset);
            float f = Math.Clamp(fraction, 0f, 1f);
            inner.Right = inner.Left + (inner.Width * f);
            if (inner.Width > 0.5f)
            {
                paint.Color = fillColor;
                canvas.DrawRoundRect(inner, stroke / 2f, stroke / 2f, paint);
                paint.Color = outline;
            }
        }
    }

    private static SKPath PathOf(IconKind kind) => kind switch
    {
        IconKind.ArrowLeft => LeftPath,
        IconKind.ArrowRight => RightPath,
        IconKind.ArrowUp => UpPath,
        IconKind.ArrowDown => DownPath,
        IconKind.Close => ClosePath,
        IconKind.Check => CheckPath,
        _ => GearPath,
    };

    private static SKPath BuildGear()
    {
        // Eight trapezoid teeth around a ring, with a hole (even-odd fill).
        var path = new SKPath { FillType = SKPathFillType.EvenOdd };
        const int teeth = 8;
        const float cx = 12f, cy = 12f, rOuter = 11f, rBody = 8.2f, rHole = 3.6f;
        const float toothHalfOuter = MathF.PI / teeth * 0.42f;
        const float toothHalfBase = MathF.PI / teeth * 0.62f;
        for (int i = 0; i < teeth; i++)
        {
            float a = i * 2f * MathF.PI / teeth;
            float next = (i + 1) * 2f * MathF.PI / teeth;
            SKPoint p0 = Polar(cx, cy, rBody, a - toothHalfBase);
            if (i == 0)
            {
                path.MoveTo(p0);
            }
            else
            {
                path.LineTo(p0);
            }

            path.LineTo(Polar(cx, cy, rOuter, a - toothHalfOuter));
            path.LineTo(Polar(cx, cy, rOuter, a + toothHalfOuter));
            path.LineTo(Polar(cx, cy, rBody, a + toothHalfBase));

            // The body between teeth follows the circle.
            float gapStart = (a + toothHalfBase) * 180f / MathF.PI;
            float gapSweep = (next - toothHalfBase - (a + toothHalfBase)) * 180f / MathF.PI;
            path.ArcTo(new SKRect(cx - rBody, cy - rBody, cx + rBody, cy + rBody), gapStart, gapSweep, false);
        }

        path.Close();
        path.AddCircle(cx, cy, rHole);
        return path;
    }

    private static SKPath BuildChevron(int dx, int dy)
    {
        var path = new SKPath();
        if (dx != 0)
        {
            float tip = dx > 0 ? 17f : 7f, back = dx > 0 ? 9f : 15f;
            path.MoveTo(back, 4f);
            path.LineTo(tip, 12f);
            path.LineTo(back, 20f);
        }
        else
        {
            float tip = dy > 0 ? 17f : 7f, back = dy > 0 ? 9f : 15f;
            path.MoveTo(4f, back);
            path.LineTo(12f, tip);
            path.LineTo(20f, back);
        }

        return path;
    }

    private static SKPath BuildClose()
    {
        var path = new SKPath();
        path.MoveTo(5f, 5f);
        path.LineTo(19f, 19f);
        path.MoveTo(19f, 5f);
        path.LineTo(5f, 19f);
        return path;
    }

    private static SKPath BuildCheck()
    {
        var path = new SKPath();
        path.MoveTo(4.5f, 12.5f);
        path.LineTo(9.5f, 17.5f);
        path.LineTo(19.5f, 6.5f);
        return path;
    }

    private static SKPath BuildWarning()
    {
        // A rounded triangle with the mark cut out (even-odd fill), so it reads on any background.
        var path = new SKPath { FillType = SKPathFillType.EvenOdd };
        path.MoveTo(12f, 2.5f);
        path.LineTo(22.5f, 21f);
        path.LineTo(1.5f, 21f);
        path.Close();
        path.AddRoundRect(new SKRect(10.8f, 8.5f, 13.2f, 15.5f), 1.2f, 1.2f);
        path.AddCircle(12f, 18.2f, 1.4f);
        return path;
    }

    private static SKPath BuildBell()
    {
        var path = new SKPath();
        path.MoveTo(12f, 3f);
        path.CubicTo(7.5f, 3f, 6f, 6.5f, 6f, 10f);
        path.LineTo(6f, 15f);
        path.LineTo(3.5f, 18f);
        path.LineTo(20.5f, 18f);
        path.LineTo(18f, 15f);
        path.LineTo(18f, 10f);
        path.CubicTo(18f, 6.5f, 16.5f, 3f, 12f, 3f);
        path.Close();
        path.AddCircle(12f, 20.5f, 2.2f);
        return path;
    }

    private static SKPoint Polar(float cx, float cy, float r, float radians) =>
        new(cx + (r * MathF.Cos(radians)), cy + (r * MathF.Sin(radians)));
}
