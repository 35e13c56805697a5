namespace FbDisplay.TestSupport;

/// <summary>The checkout the running tests were built from.</summary>
public static class RepositoryRoot
{
    /// <summary>The directory holding FbDisplay.sln, above the test assembly.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FbDisplay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No FbDisplay.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>A path inside the checkout, from '/'-separated parts.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Find(), relative);
}
