namespace FbDisplay.Core.Input;

/// <summary>
/// An affine correction in logical pixels: x' = A·x + B·y + C, y' = D·x + E·y + F. Found by tapping three targets
/// (<see cref="FromThreePoints"/>); it absorbs offset, scale, skew and small rotation of a touch panel glued on crooked.
/// </summary>
public readonly record struct TouchCalibration(double A, double B, double C, double D, double E, double F)
{
    public static TouchCalibration Identity => new(1, 0, 0, 0, 1, 0);

    /// <summary>The calibration as settings store it: six numbers, invariant, separated by ';'.</summary>
    public string Format() =>
        string.Join(';', new[] { A, B, C, D, E, F }.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Parses <see cref="Format"/>'s text: six finite numbers separated by ';'.</summary>
    public static bool TryParse(string? text, out TouchCalibration calibration)
    {
        calibration = Identity;
        string[] parts = (text ?? "").Split(';');
        if (parts.Length != 6)
        {
            return false;
        }

        var v = new double[6];
        for (int i = 0; i < 6; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
            {
                return false;
            }
        }

        calibration = new TouchCalibration(v[0], v[1], v[2], v[3], v[4], v[5]);
        return true;
    }

    public (double X, double Y) Apply(double x, double y) => ((A * x) + (B * y) + C, (D * x) + (E * y) + F);

    /// <summary>
    /// Solves the correction that sends each <paramref name="touched"/> point (where the uncalibrated mapper put the
    /// tap) to its <paramref name="target"/> (where the target was drawn). The three targets must not lie on one line.
    /// </summary>
    public static TouchCalibration FromThreePoints(
        ReadOnlySpan<(double X, double Y)> touched, ReadOnlySpan<(double X, double Y)> target)
    {
        if (touched.Length != 3 || target.Length != 3)
        {
            throw new ArgumentException("Calibration needs exactly three touched points and three targets.");
        }

        var (x0, y0) = touched[0];
        var (x1, y1) = touched[1];
        var (x2, y2) = touched[2];
        double det = (x0 * (y1 - y2)) - (y0 * (x1 - x2)) + ((x1 * y2) - (x2 * y1));
        if (Math.Abs(det) < 1e-9)
        {
            throw new ArgumentException("The three touched points lie on one line; tap targets in three corners.");
        }

        // Cramer's rule on [x y 1] * [a b c]^T = target, once for each output axis.
        (double, double, double) Solve(double t0, double t1, double t2) =>
        (
            ((t0 * (y1 - y2)) - (y0 * (t1 - t2)) + ((t1 * y2) - (t2 * y1))) / det,
            ((x0 * (t1 - t2)) - (t0 * (x1 - x2)) + ((x1 * t2) - (x2 * t1))) / det,
            ((x0 * ((y1 * t2) - (y2 * t1))) - (y0 * ((x1 * t2) - (x2 * t1))) + (t0 * ((x1 * y2) - (x2 * y1)))) / det
        );

        var (a, b, c) = Solve(target[0].X, target[1].X, target[2].X);
        var (d, e, f) = Solve(target[0].Y, target[1].Y, target[2].Y);
        return new TouchCalibration(a, b, c, d, e, f);
    }
}
