namespace FbDisplay.Ui.Input;

/// <summary>What a finger did. Every touch ends in exactly one of <see cref="Tap"/>, <see cref="DragEnd"/> or <see cref="Release"/>.</summary>
public enum GestureKind : byte
{
    /// <summary>The finger touched the screen (for pressed-state feedback; not an action).</summary>
    Down,

    /// <summary>Down and up close together in place and in time.</summary>
    Tap,

    /// <summary>Held still long enough; fires once while still held. The following up is a <see cref="Release"/>.</summary>
    LongPress,

    /// <summary>The finger moved past the slop: a drag begins (position is where it is now).</summary>
    DragStart,

    /// <summary>The finger moved during a drag.</summary>
    DragMove,

    /// <summary>The finger lifted after a drag.</summary>
    DragEnd,

    /// <summary>The finger lifted and it was neither a tap nor a drag (held too long, or after a long press).</summary>
    Release,
}

/// <summary>A recognised gesture at (<see cref="X"/>, <see cref="Y"/>), started at (<see cref="StartX"/>, <see cref="StartY"/>).</summary>
public readonly record struct Gesture(GestureKind Kind, int X, int Y, int StartX, int StartY, long Timestamp)
{
    /// <summary>True for the kinds that end a touch.</summary>
    public bool EndsTouch => Kind is GestureKind.Tap or GestureKind.DragEnd or GestureKind.Release;
}
