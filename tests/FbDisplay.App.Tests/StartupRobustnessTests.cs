using System.Diagnostics;
using System.Globalization;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// Whatever settings.json, the data directory or the environment hold, the display starts, draws and says what is
/// wrong (issue 17, rows 1 and 2): the real program, started as the unit starts it.
/// </summary>
[NonParallelizable]
public class StartupRobustnessTests
{
    [TestCase("{\"Udp\":{\"Port\":7000},\"Udp\":{\"Port\":7001}}", "Udp appears twice")]
    [TestCase("{\"Udp\":{\"Port\":7000},\"udp\":{\"Port\":7001}}", "udp appears twice")]
    [TestCase("{\"Mqtt\":{\"Mode\":\"Off\",\"mode\":\"Sender\"}}", "Mqtt:mode appears twice")]
    public async Task A_settings_file_holding_a_key_twice_is_set_aside_and_the_display_starts_on_defaults(string json, string why)
    {
        using var dir = new TempDirectory();
        string data = Directory.CreateDirectory(dir.File("data")).FullName;
        File.WriteAllText(Path.Combine(data, "settings.json"), json);
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll", Args(dir, data, web));

        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        Assert.That(app.HasExited, Is.False, app.Output);
        Assert.That(app.Output, Does.Contain($"Settings file was broken ({why}); moved to settings.json.broken-"));
        Assert.That(Directory.GetFiles(data, "settings.json.broken-*"), Has.Length.EqualTo(1), "kept for the owner to look at");
        Assert.That(File.Exists(Path.Combine(data, "settings.json")), Is.False, "the display runs on defaults");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
        Assert.That(await http.GetStringAsync("/metrics"), Does.Contain("fbdisplay_settings_ignored 1"));
        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);
        Assert.That(app.ExitCode, Is.Zero);
    }

    [Test]
    public async Task Values_that_do_not_parse_and_unknown_keys_are_each_one_sentence_and_the_rest_is_read()
    {
        using var dir = new TempDirectory();
        string data = Directory.CreateDirectory(dir.File("data")).FullName;
        File.WriteAllText(Path.Combine(data, "settings.json"), "{\"Udp\":{\"Port\":\"abc\"},\"Dispaly\":{\"Brightness\":50},\"Log\":{\"FlushSeconds\":3}}");
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll", Args(dir, data, web, withUdp: false));

        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        Assert.That(app.Output, Does.Contain("Setting ignored: Udp:Port = 'abc' is not a port (1-65535); using 6500."));
        Assert.That(app.Output, Does.Contain("Setting ignored: Dispaly:Brightness is not a setting (did you mean Display:Brightness?)."));
        Assert.That(app.Output, Does.Contain("Listening for controller datagrams on UDP port 6500"), "the default is used");
        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);
    }

    [Test]
    public async Task Given_a_data_directory_nothing_at_start_looks_at_home()
    {
        using var dir = new TempDirectory();
        string home = Directory.CreateDirectory(dir.File("home")).FullName;
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll", Args(dir, dir.File("data"), web), new Dictionary<string, string> { ["HOME"] = home, ["XDG_DATA_HOME"] = "" });

        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        Assert.That(Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories), Is.Empty, "nothing created under HOME");
        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);
    }

    [Test]
    public async Task A_read_only_data_directory_still_shows_live_data_and_says_storage_failed()
    {
        using var dir = new TempDirectory();
        string data = Directory.CreateDirectory(dir.File("data")).FullName;
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("A read-only bind mount needs root: not tested without it (CI runs as root, and ApplianceStorageFailureTests breaks the appliance image's data partition under the running display).");
        }

        Run("mount", "--bind", data, data);
        try
        {
            Run("mount", "-o", "remount,ro,bind", data);
            int udp = FreePort.Udp();
            int web = FreePort.Tcp();
            using var app = ChildProcess.StartDll("fbdisplay.dll", [.. Args(dir, data, web, withUdp: false), $"--Udp:Port={udp}"]);
            await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
            Assert.That(app.Output, Does.Contain($"Storage failed: {data} cannot be written"));

            using (var sim = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.25", "--soc", "60", "--count", "20", "--quiet"]))
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
                string status = "";
                for (int i = 0; i < 50 && !status.Contains("\"soc\"", StringComparison.Ordinal); i++)
                {
                    await Task.Delay(200);
                    status = await http.GetStringAsync("/api/status");
                }

                Assert.That(status, Does.Contain("\"soc\""), "live data is shown without storage");
                string metrics = await http.GetStringAsync("/metrics");
                Assert.That(metrics, Does.Contain("fbdisplay_storage_ok 0"));
            }

            Assert.That(app.HasExited, Is.False, app.Output);
            Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);
            Assert.That(app.Output, Does.Not.Contain("Unhandled exception"));
        }
        finally
        {
            Run("umount", data);
        }
    }

    private static string[] Args(TempDirectory dir, string data, int web, bool withUdp = true) =>
    [
        $"--DataDir={data}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none", $"--Web:Urls=http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}",
        .. withUdp ? new[] { $"--Udp:Port={FreePort.Udp().ToString(CultureInfo.InvariantCulture)}" } : [],
    ];

    private static void Run(string file, params string[] args)
    {
        using Process p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"{file} {string.Join(' ', args)}: {err}");
    }
}
