namespace FbDisplay.Linux.Tests;

internal static class RepositoryRoot
{
    /// <summary>The checkout this test assembly was built from (the directory holding FbDisplay.sln).</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FbDisplay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No FbDisplay.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
