using FbDisplay.TestSupport;
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
            string docs = RepositoryRoot.Path("docs/screens");
            Directory.CreateDirectory(docs);
            using SKData png = picture.Encode(SKEncodedImageFormat.Png, 100);
            using FileStream f = File.Create(Path.Combine(docs, name + ".png"));
            png.SaveTo(f);
        }

        Golden.AssertMatches(picture, name);
    }
}
