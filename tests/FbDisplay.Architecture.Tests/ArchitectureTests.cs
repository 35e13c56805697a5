using System.Text.RegularExpressions;
using FbDisplay.Settings;
using FbDisplay.TestSupport;

namespace FbDisplay.Architecture.Tests;

public partial class ArchitectureTests
{
    private static readonly string[] Assemblies =
        ["FbDisplay.Core", "FbDisplay.Settings", "FbDisplay.Ui", "FbDisplay.Linux", "FbDisplay.Services", "fbdisplay", "fbdisplay-sim"];

    [TestCaseSource(nameof(Assemblies))]
    public void No_namespace_of_an_assembly_depends_on_another_that_depends_back(string assembly)
    {
        var graph = new NamespaceGraph(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        IReadOnlyList<IReadOnlyList<string>> cycles = graph.Cycles();
        var why = cycles.Select(c => string.Join(" <-> ", c) + ":\n    " + string.Join("\n    ",
            c.SelectMany(a => graph.Edges.TryGetValue(a, out var to) ? to.Where(kv => c.Contains(kv.Key)).Select(kv => kv.Value) : [])));
        Assert.That(cycles, Is.Empty, "namespace cycles in " + assembly + ":\n" + string.Join("\n", why));
    }

    [Test]
    public void Settings_keys_are_written_only_in_the_catalogue()
    {
        string[] sections = Catalog.All.Select(s => s.Key.Split(':')[0]).Distinct().ToArray();
        string[] topLevel = Catalog.All.Where(s => !s.Key.Contains(':', StringComparison.Ordinal)).Select(s => s.Key).ToArray();
        var pattern = new Regex(
            "\\$?@?\"(?:--)?(?:(?:" + string.Join('|', sections.Select(Regex.Escape)) + "):[A-Za-z{<]|(?:" + string.Join('|', topLevel.Select(Regex.Escape)) + ")\")",
            RegexOptions.CultureInvariant);
        string src = RepositoryRoot.Path("src");
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(src, file);
            if (relative.StartsWith("FbDisplay.Settings" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || IsBuildOutput(relative))
            {
                continue;
            }

            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (!code.StartsWith("//", StringComparison.Ordinal) && pattern.IsMatch(code))
                {
                    found.Add($"{relative}:{i + 1}: {code}");
                }
            }
        }

        Assert.That(found, Is.Empty, "settings keys written as literals outside src/FbDisplay.Settings (use Catalog.X.Y.Key):\n" + string.Join("\n", found));
    }

    [Test]
    public void Every_file_of_the_app_project_is_short()
    {
        string app = RepositoryRoot.Path("src/FbDisplay.App");
        var tooLong = Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(app, f)))
            .Select(f => (File: Path.GetRelativePath(app, f), Lines: File.ReadAllLines(f).Length))
            .Where(f => f.Lines >= 250)
            .Select(f => $"{f.File}: {f.Lines} lines");
        Assert.That(tooLong, Is.Empty, "the composition root stays thin: split these by feature");
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
