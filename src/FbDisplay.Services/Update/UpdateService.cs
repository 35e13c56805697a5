using FbDisplay.Core.Text;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;

namespace FbDisplay.Services.Update;

/// <summary>Where updates come from and how they are checked (the <c>Update:*</c> settings).</summary>
public sealed class UpdateOptions
{
    /// <summary><c>Update:FeedUrl</c>: the HTTPS feed (<c>latest.json</c>); empty = USB drive only.</summary>
    public string? FeedUrl { get; init; }

    /// <summary><c>Update:CaFile</c>: PEM root(s) the feed's server certificate must chain to, instead of the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>Update:Force</c>: install an older version too.</summary>
    public bool Force { get; init; }

    /// <summary><c>Update:Root</c>: the install root (<c>/opt/fbdisplay</c>).</summary>
    public string Root { get; init; } = ReleaseLayout.DefaultRoot;

    /// <summary><c>Update:PublicKeyFile</c>: the key the bundles must be signed with; by default <c>update-key.pem</c> beside the app.</summary>
    public string PublicKeyFile { get; init; } = Path.Combine(AppContext.BaseDirectory, UpdateService.PublicKeyFileName);

    /// <summary><c>Update:HealthSeconds</c>: how long a new version runs (drawing frames) before it counts as healthy.</summary>
    public int HealthSeconds { get; init; } = 30;
}

/// <summary>
/// UPDATE SOFTWARE: a bundle (<c>*.fbu</c>) on the USB drive labelled BATTERY wins; else the HTTPS feed. Installs with
/// <see cref="UpdateInstaller"/>. Never call it from the UI thread.
/// </summary>
public sealed class UpdateService(UpdateOptions options, string runningVersion, IRemovableDrive drive, TimeProvider time)
{
    public const string PublicKeyFileName = "update-key.pem";
    public const string BundleExtension = ".fbu";

    /// <summary>For tests: the feed's HTTP handler (a custom trust store is the normal way).</summary>
    public HttpMessageHandler? FeedHandler { get; init; }

    /// <summary>For tests: the free-space probe and the RID (see <see cref="UpdateInstallerOptions"/>).</summary>
    public Func<string, long>? FreeBytes { get; init; }

    public string Rid { get; init; } = UpdateInstaller.ProcessRid();

    public ReleaseLayout Layout { get; } = new(options.Root);

    public async Task<UpdateResult> RunAsync(IProgress<UpdateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Layout.Exists)
        {
            return new UpdateResult(UpdateOutcome.NotInstalled,
                $"This display does not run from {Layout.Current} (not installed with install.sh): updates cannot be installed here.");
        }

        string key;
        try
        {
            key = await File.ReadAllTextAsync(options.PublicKeyFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UpdateResult(UpdateOutcome.NotInstalled, $"This display has no update key ({options.PublicKeyFile}): it cannot check an update, so it installs none.");
        }

        var installer = new UpdateInstaller(Layout, new UpdateInstallerOptions
        {
            RunningVersion = runningVersion,
            PublicKeyPem = key,
            Rid = Rid,
            Force = options.Force,
            FreeBytes = FreeBytes ?? UpdateInstaller.AvailableBytes,
            Time = time,
        });

        // 1. The USB drive.
        progress?.Report(new UpdateProgress(Say.Of(Tx.UpdateStageDrive), null));
        UpdateResult? fromDrive = null;
        DriveUseResult use = await drive.UseAsync(writable: false, async (root, ct) =>
        {
            string? bundle = PickBundle(root);
            if (bundle is not null)
            {
                await using FileStream fs = File.OpenRead(bundle);
                fromDrive = await installer.InstallAsync(fs, progress, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (fromDrive is not null)
        {
            return fromDrive;
        }

        // 2. The feed.
        if (string.IsNullOrWhiteSpace(options.FeedUrl))
        {
            string drivePart = use.Ok ? "The BATTERY drive holds no update (*.fbu)" : use.Message.TrimEnd('.');
            return new UpdateResult(UpdateOutcome.NoSource, $"{drivePart}, and no update feed is set (Update:FeedUrl). Nothing was installed.");
        }

        if (!Uri.TryCreate(options.FeedUrl, UriKind.Absolute, out Uri? feedUrl))
        {
            return new UpdateResult(UpdateOutcome.Failed, $"{Catalog.Update.FeedUrl.Key} \"{options.FeedUrl}\" is not an address. Nothing was installed.");
        }

        return await FromFeedAsync(feedUrl, installer, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<UpdateResult> FromFeedAsync(Uri feedUrl, UpdateInstaller installer, IProgress<UpdateProgress>? progress, CancellationToken ct)
    {
        string download = Path.Combine(Layout.Root, ".download" + BundleExtension);
        try
        {
            progress?.Report(new UpdateProgress(Say.Of(Tx.UpdateStageAsking, feedUrl.Host), null));
            using var feed = new UpdateFeed(options.CaFile, FeedHandler is null ? null : new NonDisposingHandler(FeedHandler));
            UpdateFeedDocument doc = await feed.ReadFeedAsync(feedUrl, ct).ConfigureAwait(false);
            if (ReleaseVersion.TryParse(runningVersion, out ReleaseVersion running)
                && ReleaseVersion.Parse(doc.Version).CompareTo(running) <= 0 && !options.Force)
            {
                return new UpdateResult(UpdateOutcome.UpToDate, $"Version {runningVersion} is up to date (the feed offers {doc.Version}).");
            }

            if (!doc.Bundles.TryGetValue(Rid, out UpdateFeedBundle? bundle))
            {
                return new UpdateResult(UpdateOutcome.WrongArchitecture,
                    $"The feed offers {doc.Version} for {string.Join(", ", doc.Bundles.Keys)}, not for this display ({Rid}). Nothing was installed.");
            }

            long free = (FreeBytes ?? UpdateInstaller.AvailableBytes)(Layout.Root);
            if (bundle.Size is { } size && free < size)
            {
                return new UpdateResult(UpdateOutcome.DiskFull, $"Not enough disk space to download {doc.Version} ({size / 1048576} MiB). Nothing was installed.");
            }

            await feed.DownloadAsync(new Uri(feedUrl, bundle.Url), bundle, download, progress, ct).ConfigureAwait(false);
            await using FileStream fs = File.OpenRead(download);
            return await installer.InstallAsync(fs, progress, ct).ConfigureAwait(false);
        }
        catch (UpdateRefusedException e)
        {
            return new UpdateResult(e.Outcome, e.Message);
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))
        {
            return new UpdateResult(UpdateOutcome.DiskFull, $"The disk is full ({e.Message.TrimEnd('.')}). Nothing was installed.");
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return new UpdateResult(UpdateOutcome.Failed, $"{Catalog.Update.CaFile.Key} cannot be used: {e.Message.TrimEnd('.')}. Nothing was installed.");
        }
        finally
        {
            try
            {
                File.Delete(download);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The bundle for this RID with the highest version; else any bundle (so a wrong one is refused by name, not ignored).</summary>
    internal string? PickBundle(string root)
    {
        string[] all = Directory.EnumerateFiles(root)
            .Where(f => f.EndsWith(BundleExtension, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        string[] ours = all.Where(f => Path.GetFileName(f).Contains(Rid + ".", StringComparison.OrdinalIgnoreCase)).ToArray();
        string[] pool = ours.Length > 0 ? ours : all;
        return pool.OrderByDescending(f => VersionIn(Path.GetFileName(f))).ThenBy(f => f, StringComparer.Ordinal).FirstOrDefault();
    }

    private static ReleaseVersion? VersionIn(string name)
    {
        // fbdisplay-<version>-<rid>.fbu
        string[] parts = name.Split('-');
        return parts.Length >= 2 && ReleaseVersion.TryParse(parts[1], out ReleaseVersion v) ? v : null;
    }

    /// <summary>Lets the tests keep their handler across several services.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // the inner handler belongs to the caller
        }
    }
}
