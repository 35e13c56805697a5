using System.Net;
using System.Text;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Update;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Update;

/// <summary>The sources: a real Kestrel HTTPS server on 127.0.0.1 with a certificate the test trusts explicitly, and a directory standing in for the BATTERY drive.</summary>
public class UpdateSourceTests
{
    private static UpdateService Service(UpdateKit kit, string? feedUrl, string? caFile, IRemovableDrive? drive = null, bool force = false)
    {
        File.WriteAllText(kit.Dir.File("update-key.pem"), kit.PublicPem);
        var options = new UpdateOptions
        {
            FeedUrl = feedUrl,
            CaFile = caFile,
            Root = kit.Layout.Root,
            PublicKeyFile = kit.Dir.File("update-key.pem"),
            Force = force,
        };
        return new UpdateService(options, kit.Running, drive ?? new DirectoryDrive(kit.Dir.File("no-drive")), new ManualTimeProvider()) { Rid = UpdateKit.Rid };
    }

    private static async Task<(HttpsFileServer Server, string CaFile)> FeedAsync(UpdateKit kit, string version, bool withSize = true)
    {
        HttpsFileServer server = await HttpsFileServer.StartAsync(IPAddress.Loopback, IPAddress.Loopback);
        byte[] bundle = File.ReadAllBytes(kit.Bundle(version));
        string name = $"fbdisplay-{version}-{UpdateKit.Rid}.fbu";
        server.Files[name] = bundle;
        string size = withSize ? $", \"size\": {bundle.Length}" : "";
        server.Files["latest.json"] = Encoding.UTF8.GetBytes($$"""{ "version": "{{version}}", "bundles": { "{{UpdateKit.Rid}}": { "url": "{{name}}"{{size}} } } }""");
        string ca = kit.Dir.File("ca.pem");
        File.WriteAllText(ca, server.CertificatePem);
        return (server, ca);
    }

    [Test]
    public async Task The_feed_over_https_installs_the_version_it_names_and_reports_progress()
    {
        using var kit = new UpdateKit();
        (HttpsFileServer server, string ca) = await FeedAsync(kit, "0.2.0");
        await using (server)
        {
            var stages = new List<UpdateProgress>();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            UpdateResult r = await Service(kit, server.Url("latest.json").ToString(), ca).RunAsync(new SyncProgress(stages.Add));
            TestContext.Progress.WriteLine($"feed + download + install: {sw.Elapsed.TotalMilliseconds:0} ms");
            Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Installed), r.Message);
            Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.2.0"));
            Assert.That(server.Requests, Is.EqualTo(new[] { "latest.json", "fbdisplay-0.2.0-linux-x64.fbu" }));
            Assert.That(stages.Select(s => s.Stage).Distinct(), Is.SupersetOf(new[] { "Asking 127.0.0.1", "Downloading", "Checking the signature", "Installing 0.2.0", "Switching to 0.2.0" }));
            Assert.That(stages.Last(s => s.Stage == "Downloading").Fraction, Is.EqualTo(1.0));
            Assert.That(Directory.GetFiles(kit.Layout.Root, ".download*"), Is.Empty, "the download is removed after the install");
        }
    }

    [Test]
    public async Task A_feed_naming_the_running_version_says_up_to_date_and_downloads_nothing()
    {
        using var kit = new UpdateKit();
        (HttpsFileServer server, string ca) = await FeedAsync(kit, "0.1.0");
        await using (server)
        {
            UpdateResult r = await Service(kit, server.Url("latest.json").ToString(), ca).RunAsync();
            Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.UpToDate));
            Assert.That(r.Message, Is.EqualTo("Version 0.1.0 is up to date (the feed offers 0.1.0)."));
            Assert.That(server.Requests, Is.EqualTo(new[] { "latest.json" }));
        }
    }

    [Test]
    public async Task A_download_cut_short_is_refused_as_truncated()
    {
        using var kit = new UpdateKit();
        (HttpsFileServer server, string ca) = await FeedAsync(kit, "0.2.0", withSize: false);
        await using (server)
        {
            server.CutAfterBytes = server.Files["fbdisplay-0.2.0-linux-x64.fbu"].Length / 2;
            string before = kit.Snapshot();
            UpdateResult r = await Service(kit, server.Url("latest.json").ToString(), ca).RunAsync();
            Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Truncated), r.Message);
            Assert.That(r.Message, Does.StartWith("The download of https://127.0.0.1:").And.Contain("is truncated"));
            Assert.That(kit.Snapshot(), Is.EqualTo(before));
            Assert.That(Directory.GetFiles(kit.Layout.Root, ".download*"), Is.Empty);
        }
    }

    [Test]
    public async Task A_server_whose_certificate_is_not_trusted_is_not_used()
    {
        using var kit = new UpdateKit();
        (HttpsFileServer server, _) = await FeedAsync(kit, "0.2.0");
        await using (server)
        {
            UpdateResult r = await Service(kit, server.Url("latest.json").ToString(), caFile: null).RunAsync();
            Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Unreachable), r.Message);
            Assert.That(r.Message, Does.StartWith("No network connection to 127.0.0.1 (").And.EndWith("). Nothing was installed."));
            Assert.That(server.Requests, Is.Empty, "TLS failed before any request");
            Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.1.0"));
        }
    }

    [Test]
    public async Task No_network_says_so_and_installs_nothing()
    {
        using var kit = new UpdateKit();
        int closed = FreePort.Tcp();
        string before = kit.Snapshot();
        UpdateResult r = await Service(kit, $"https://127.0.0.1:{closed}/latest.json", null).RunAsync();
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Unreachable));
        Assert.That(r.Message, Does.StartWith("No network connection to 127.0.0.1 (Connection refused"));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_bundle_on_the_BATTERY_drive_is_installed_without_a_feed()
    {
        using var kit = new UpdateKit();
        using var drive = new TempDirectory("battery");
        File.Copy(kit.Bundle("0.1.5"), Path.Combine(drive.Path, "fbdisplay-0.1.5-linux-x64.fbu"));
        File.Copy(kit.Bundle("0.2.0"), Path.Combine(drive.Path, "fbdisplay-0.2.0-linux-x64.fbu"));
        File.Copy(kit.Bundle("0.9.0", rid: "linux-arm64"), Path.Combine(drive.Path, "fbdisplay-0.9.0-linux-arm64.fbu"));
        UpdateResult r = await Service(kit, null, null, new DirectoryDrive(drive.Path)).RunAsync();
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Installed), r.Message);
        Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.2.0"), "the newest bundle for this architecture");
    }

    [Test]
    public async Task Only_a_bundle_for_another_architecture_on_the_drive_is_refused_by_name()
    {
        using var kit = new UpdateKit();
        using var drive = new TempDirectory("battery");
        File.Copy(kit.Bundle("0.9.0", rid: "linux-arm64"), Path.Combine(drive.Path, "fbdisplay-0.9.0-linux-arm64.fbu"));
        UpdateResult r = await Service(kit, null, null, new DirectoryDrive(drive.Path)).RunAsync();
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.WrongArchitecture));
    }

    [Test]
    public async Task No_drive_and_no_feed_says_where_it_looked()
    {
        using var kit = new UpdateKit();
        UpdateResult r = await Service(kit, null, null).RunAsync();
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.NoSource));
        Assert.That(r.Message, Does.EndWith(", and no update feed is set (Update:FeedUrl). Nothing was installed."));
    }

    [Test]
    public async Task Outside_the_installers_layout_nothing_is_attempted()
    {
        using var dir = new TempDirectory();
        var service = new UpdateService(new UpdateOptions { Root = dir.Path }, "0.1.0", new DirectoryDrive(dir.Path), TimeProvider.System);
        UpdateResult r = await service.RunAsync();
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.NotInstalled));
        Assert.That(r.Message, Does.Contain("not installed with install.sh"));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants every report in order.</summary>
    private sealed class SyncProgress(Action<UpdateProgress> report) : IProgress<UpdateProgress>
    {
        public void Report(UpdateProgress value) => report(value);
    }
}
