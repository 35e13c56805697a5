using FbDisplay.TestSupport;

namespace FbDisplay.Settings.Tests;

public class SettingsTableTests
{
    [Test]
    public void The_readme_settings_table_is_the_catalogue()
    {
        string readme = RepositoryRoot.Path("README.md");
        string text = File.ReadAllText(readme);
        string? expected = SettingsTable.Replace(text);
        Assert.That(expected, Is.Not.Null, "README.md lacks the settings table markers");
        if (Environment.GetEnvironmentVariable("FBD_WRITE_DOCS") == "1" && expected != text)
        {
            File.WriteAllText(readme, expected);
            text = expected!;
        }

        Assert.That(text, Is.EqualTo(expected), "README.md's settings table drifted from the catalogue; FBD_WRITE_DOCS=1 rewrites it");
    }

    [Test]
    public void The_table_has_one_row_per_family()
    {
        string table = SettingsTable.Markdown();
        Assert.That(table, Does.Contain("| `Alarms:<Kind>:Threshold` |"));
        Assert.That(table, Does.Not.Contain("Alarms:CellSpread"));
        Assert.That(table, Does.Contain("| `Udp:Port` | 6500 | 1-65535 | restart |"));
        Assert.That(table, Does.Contain("| `Controller:Names:<Setting>` | HCUT, LCUT, BALV, BALHYST, OVERTEMP, UNDERTEMP, CAPACITY |"));
    }
}
