namespace FbDisplay.Core.Input;

/// <summary>The raw range a touch controller reports on one axis (evdev <c>input_absinfo</c> minimum and maximum).</summary>
public readonly record struct TouchAxis(int Minimum, int Maximum)
{
    /// <summary>Number of raw steps; never below 1 so a broken range cannot divide by zero.</summary>
    public int Span => Math.Max(1, Maximum - Minimum);
}
