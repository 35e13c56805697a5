using FbDisplay.Core.Display;

namespace FbDisplay.Core.Input;

/// <summary>
/// Turns raw touch-controller values into logical screen pixels: subtract the axis minimum, scale so the axis maximum
/// lands on the panel's last pixel, undo the display rotation, apply the calibration, clamp to the screen.
/// The touch panel is assumed to be glued on the display panel the same way up (raw X along the panel's width).
/// </summary>
public sealed class TouchMapper
{
    private readonly TouchAxis _x;
    private readonly TouchAxis _y;
    private readonly int _panelWidth;
    private readonly int _panelHeight;
    private readonly DisplayRotation _rotation;
    private readonly TouchCalibration _calibration;

    public TouchMapper(
        TouchAxis x,
        TouchAxis y,
        int panelWidth,
        int panelHeight,
        DisplayRotation rotation = DisplayRotation.Rotate0,
        TouchCalibration? calibration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(panelWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(panelHeight, 1);
        _x = x;
        _y = y;
        _panelWidth = panelWidth;
        _panelHeight = panelHeight;
        _rotation = rotation;
        _calibration = calibration ?? TouchCalibration.Identity;
        (Width, Height) = rotation.LogicalSize(panelWidth, panelHeight);
    }

    /// <summary>Logical screen width the mapper produces coordinates for.</summary>
    public int Width { get; }

    /// <summary>Logical screen height the mapper produces coordinates for.</summary>
    public int Height { get; }

    public (int X, int Y) Map(int rawX, int rawY)
    {
        // Scale in double and rotate on exact panel coordinates, so calibration sees the same numbers the targets used.
        double px = (double)(rawX - _x.Minimum) * (_panelWidth - 1) / _x.Span;
        double py = (double)(rawY - _y.Minimum) * (_panelHeight - 1) / _y.Span;
        double lx, ly;
        switch (_rotation)
        {
            case DisplayRotation.Rotate90:
                (lx, ly) = (py, _panelWidth - 1 - px);
                break;
            case DisplayRotation.Rotate180:
                (lx, ly) = (_panelWidth - 1 - px, _panelHeight - 1 - py);
                break;
            case DisplayRotation.Rotate270:
                (lx, ly) = (_panelHeight - 1 - py, px);
                break;
            default:
                (lx, ly) = (px, py);
                break;
        }

        var (cx, cy) = _calibration.Apply(lx, ly);
        return (Clamp(cx, Width), Clamp(cy, Height));
    }

    private static int Clamp(double value, int size) =>
        double.IsNaN(value) ? 0 : (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, size - 1);
}
