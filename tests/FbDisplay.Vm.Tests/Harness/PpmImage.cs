using System.Text;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>An RGB colour, 8 bits per channel.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>A binary PPM (P6, maxval 255) as QEMU's screendump writes it.</summary>
public sealed class PpmImage
{
    private readonly byte[] _rgb;

    public PpmImage(int width, int height, byte[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"{rgb.Length} bytes is not {width}x{height} RGB", nameof(rgb));
        }

        Width = width;
        Height = height;
        _rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    public Rgb this[int x, int y]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(x);
            ArgumentOutOfRangeException.ThrowIfNegative(y);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
            var i = ((y * Width) + x) * 3;
            return new Rgb(_rgb[i], _rgb[i + 1], _rgb[i + 2]);
        }
    }

    /// <summary>How many pixels of the rectangle satisfy <paramref name="match"/>.</summary>
    public int Count(int x, int y, int width, int height, Func<Rgb, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var n = 0;
        for (var yy = y; yy < y + height; yy++)
        {
            for (var xx = x; xx < x + width; xx++)
            {
                if (match(this[xx, yy]))
                {
                    n++;
                }
            }
        }

        return n;
    }

    /// <summary>How many pixels of the rectangle differ from the same pixels of <paramref name="other"/>.</summary>
    public int CountDifferences(PpmImage other, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(other);
        var n = 0;
        for (var yy = y; yy < y + height; yy++)
        {
            for (var xx = x; xx < x + width; xx++)
            {
                if (this[xx, yy] != other[xx, yy])
                {
                    n++;
                }
            }
        }

        return n;
    }

    /// <summary>Writes the image as a binary PPM (to keep a screendump next to a failing test's output).</summary>
    public void Save(string path)
    {
        var header = Encoding.ASCII.GetBytes($"P6\n{Width} {Height}\n255\n");
        using var file = File.Create(path);
        file.Write(header);
        file.Write(_rgb);
    }

    public static PpmImage Load(string path) => Parse(File.ReadAllBytes(path));

    public static PpmImage Parse(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        var magic = NextToken(data, ref pos);
        if (magic != "P6")
        {
            throw new InvalidDataException($"not a binary PPM (magic '{magic}')");
        }

        var width = int.Parse(NextToken(data, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(NextToken(data, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        var maxval = int.Parse(NextToken(data, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        if (maxval != 255)
        {
            throw new InvalidDataException($"PPM maxval {maxval}, only 255 is supported");
        }

        pos++; // exactly one whitespace byte after maxval
        var length = width * height * 3;
        if (data.Length - pos < length)
        {
            throw new InvalidDataException($"PPM {width}x{height} truncated: {data.Length - pos} of {length} pixel bytes");
        }

        return new PpmImage(width, height, data.Slice(pos, length).ToArray());
    }

    private static string NextToken(ReadOnlySpan<byte> data, ref int pos)
    {
        while (pos < data.Length)
        {
            if (data[pos] == (byte)'#')
            {
                while (pos < data.Length && data[pos] != (byte)'\n')
                {
                    pos++;
                }
            }
            else if (char.IsWhiteSpace((char)data[pos]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }

        var start = pos;
        while (pos < data.Length && !char.IsWhiteSpace((char)data[pos]))
        {
            pos++;
        }

        if (start == pos)
        {
            throw new InvalidDataException("PPM header truncated");
        }

        return Encoding.ASCII.GetString(data[start..pos]);
    }
}
