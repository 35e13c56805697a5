using FbDisplay.Core.Display;
using FbDisplay.Core.Input;

namespace FbDisplay.Linux.Input;

/// <summary>
/// Touch configuration (<c>Display:Touch</c> and friends). <see cref="Device"/> is <c>auto</c> (first device under
/// <see cref="InputDirectory"/> with absolute X axes), an event device path, or <c>none</c>. Panel size and rotation
/// must match the display's.
/// </summary>
public sealed record TouchOptions(
    string Device = "auto",
    int PanelWidth = 800,
    int PanelHeight = 480,
    DisplayRotation Rotation = DisplayRotation.Rotate0,
    TouchCalibration? Calibration = null,
    bool Grab = false,
    string InputDirectory = "/dev/input")
{
    public bool IsDisabled => string.Equals(Device, "none", StringComparison.OrdinalIgnoreCase);

    public bool IsAuto => string.Equals(Device, "auto", StringComparison.OrdinalIgnoreCase);
}
