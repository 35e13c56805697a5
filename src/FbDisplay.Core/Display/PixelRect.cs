namespace FbDisplay.Core.Display;

/// <summary>An axis-aligned rectangle of whole pixels; right and bottom edges exclusive.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    public long Area => IsEmpty ? 0 : (long)Width * Height;

    public static PixelRect FromEdges(int left, int top, int right, int bottom) => new(left, top, right - left, bottom - top);

    public bool Contains(PixelRect other) =>
        !other.IsEmpty && other.X >= X && other.Y >= Y && other.Right <= Right && other.Bottom <= Bottom;

    public bool Contains(int x, int y) => x >= X && y >= Y && x < Right && y < Bottom;

    public bool Intersects(PixelRect other) =>
        !IsEmpty && !other.IsEmpty && other.X < Right && X < other.Right && other.Y < Bottom && Y < other.Bottom;

    public PixelRect Union(PixelRect other) =>
        IsEmpty ? other : other.IsEmpty ? this
        : FromEdges(Math.Min(X, other.X), Math.Min(Y, other.Y), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    public PixelRect Intersect(PixelRect other)
    {
        int l = Math.Max(X, other.X), t = Math.Max(Y, other.Y);
        int r = Math.Min(Right, other.Right), b = Math.Min(Bottom, other.Bottom);
        return r > l && b > t ? FromEdges(l, t, r, b) : default;
    }
}
