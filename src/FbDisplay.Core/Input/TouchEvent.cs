namespace FbDisplay.Core.Input;

public enum TouchAction : byte
{
    Down,
    Move,
    Up,
}

/// <summary>One contact change in logical screen pixels (rotation and calibration already applied).</summary>
public readonly record struct TouchEvent(TouchAction Action, int X, int Y, long Timestamp);
