using SkiaSharp;

namespace FbDisplay.Ui.Tests.Support;

/// <summary>
/// Compares a rendering with a golden PNG in tests/FbDisplay.Ui.Tests/Golden (made with SkiaSharp 3.119.4).
/// A missing or different golden fails the test and leaves the actual image in TestResults/golden-actual/ for
/// inspection; set FBD_UPDATE_GOLDEN=1 to (re)write the goldens instead.
/// </summary>
internal static class Golden
{
    public const int DefaultTolerance = 3;

    public static void AssertMatches(SKBitmap actual, string name, int tolerance = DefaultTolerance)
    {
        string projectDir = ProjectDirectory();
        string goldenPath = Path.Combine(projectDir, "Golden", name + ".png");
        if (Environment.GetEnvironmentVariable("FBD_UPDATE_GOLDEN") == "1")
        {
            Save(actual, goldenPath);
            Assert.Pass($"Golden {name}.png rewritten.");
        }

        string actualPath = Path.Combine(projectDir, "TestResults", "golden-actual", name + ".png");
        if (!File.Exists(goldenPath))
        {
            Save(actual, actualPath);
            Assert.Fail($"No golden {name}.png. Actual written to {actualPath}; run with FBD_UPDATE_GOLDEN=1 to accept it.");
        }

        using SKBitmap expected = SKBitmap.Decode(goldenPath);
        (int differing, int worst, int firstX, int firstY) = Compare(expected, actual, tolerance);
        if (differing > 0)
        {
            Save(actual, actualPath);
            Assert.Fail($"{name}: {differing} pixels differ by more than {tolerance} (worst {worst}, first at {firstX},{firstY}). Actual written to {actualPath}.");
        }
    }

    private static (int Differing, int Worst, int X, int Y) Compare(SKBitmap expected, SKBitmap actual, int tolerance)
    {
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            return (actual.Width * actual.Height, 255, 0, 0);
        }

        int differing = 0, worst = 0, fx = -1, fy = -1;
        for (int y = 0; y < actual.Height; y++)
        {
            for (int x = 0; x < actual.Width; x++)
            {
                SKColor e = expected.GetPixel(x, y), a = actual.GetPixel(x, y);
                int d = Math.Max(Math.Max(Math.Abs(e.Red - a.Red), Math.Abs(e.Green - a.Green)), Math.Max(Math.Abs(e.Blue - a.Blue), Math.Abs(e.Alpha - a.Alpha)));
                if (d > tolerance)
                {
                    if (differing == 0)
                    {
                        (fx, fy) = (x, y);
                    }

                    differing++;
                    worst = Math.Max(worst, d);
                }
            }
        }

        return (differing, worst, fx, fy);
    }

    private static void Save(SKBitmap bitmap, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream f = File.Create(path);
        png.SaveTo(f);
    }

    private static string ProjectDirectory()
    {
        // Walk up from bin/<config>/<tfm> to the directory holding this project's .csproj.
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FbDisplay.Ui.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the FbDisplay.Ui.Tests project directory.");
    }
}
