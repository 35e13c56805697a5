using SkiaSharp;

namespace FbDisplay.Ui.Tests.Support;

/// <summary>
/// Golden check of a whole screen; with FBD_WRITE_DOCS=1 also writes the picture to docs/screens/ at the repository
/// root for the README.
/// </summary>
internal static class Shots
{
    public static void Check(SKBitmap picture, string name)
    {
        if (Environment.GetEnvironmentVariable("FBD_WRITE_DOCS") == "1")
        {
            string docs = Path.Combine(RepositoryRoot(), "docs", "screens");
            Directory.CreateDirectory(docs);
            using SKData png = picture.Encode(SKEncodedImageFormat.Png, 100);
            using FileStream f = File.Create(Path.Combine(docs, name + ".png"));
            png.SaveTo(f);
        }

        Golden.AssertMatches(picture, name);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FbDisplay.sln")) && !File.Exists(Path.Combine(dir.FullName, "FbDisplay.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (FbDisplay.sln).");
    }
}
