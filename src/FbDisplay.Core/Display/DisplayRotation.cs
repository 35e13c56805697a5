namespace FbDisplay.Core.Display;

/// <summary>
/// How the logical picture is turned clockwise onto the physical panel. At 90 the logical top-left pixel lands on
/// the panel's top-right; at 90 and 270 logical width and height are the panel's height and width.
/// </summary>
public enum DisplayRotation
{
    Rotate0 = 0,
    Rotate90 = 90,
    Rotate180 = 180,
    Rotate270 = 270,
}

/// <summary>Maps between logical and physical pixel coordinates for a <see cref="DisplayRotation"/>.</summary>
public static class DisplayRotationMath
{
    /// <summary>True when logical width and height are the panel's height and width.</summary>
    public static bool SwapsAxes(this DisplayRotation rotation) =>
        rotation is DisplayRotation.Rotate90 or DisplayRotation.Rotate270;

    /// <summary>Logical size for a panel of <paramref name="panelWidth"/> x <paramref name="panelHeight"/>.</summary>
    public static (int Width, int Height) LogicalSize(this DisplayRotation rotation, int panelWidth, int panelHeight) =>
        rotation.SwapsAxes() ? (panelHeight, panelWidth) : (panelWidth, panelHeight);

    /// <summary>Where logical pixel (x, y) lies on the panel.</summary>
    public static (int X, int Y) LogicalToPanel(this DisplayRotation rotation, int x, int y, int panelWidth, int panelHeight) =>
        rotation switch
        {
            DisplayRotation.Rotate0 => (x, y),
            DisplayRotation.Rotate90 => (panelWidth - 1 - y, x),
            DisplayRotation.Rotate180 => (panelWidth - 1 - x, panelHeight - 1 - y),
            DisplayRotation.Rotate270 => (y, panelHeight - 1 - x),
            _ => throw new ArgumentOutOfRangeException(nameof(rotation), rotation, "Rotation must be 0, 90, 180 or 270."),
        };

    /// <summary>Which logical pixel shows at panel pixel (x, y); the inverse of <see cref="LogicalToPanel"/>.</summary>
    public static (int X, int Y) PanelToLogical(this DisplayRotation rotation, int x, int y, int panelWidth, int panelHeight) =>
        rotation switch
        {
            DisplayRotation.Rotate0 => (x, y),
            DisplayRotation.Rotate90 => (y, panelWidth - 1 - x),
            DisplayRotation.Rotate180 => (panelWidth - 1 - x, panelHeight - 1 - y),
            DisplayRotation.Rotate270 => (panelHeight - 1 - y, x),
            _ => throw new ArgumentOutOfRangeException(nameof(rotation), rotation, "Rotation must be 0, 90, 180 or 270."),
        };
}
