using FbDisplay.Core.Text;

namespace FbDisplay.Services.Update;

/// <summary>How an update attempt ended. Everything but <see cref="Installed"/> leaves the running version untouched.</summary>
public enum UpdateOutcome
{
    /// <summary>The new release is in place and <c>current</c> points at it; the app restarts into it.</summary>
    Installed,

    /// <summary>The feed names no version newer than the running one.</summary>
    UpToDate,

    /// <summary>Neither a feed is configured nor a bundle is on the BATTERY drive.</summary>
    NoSource,

    /// <summary>The feed or the bundle could not be fetched (no network, HTTP error, TLS failure).</summary>
    Unreachable,

    /// <summary>manifest.sig does not verify with the image's public key, or the manifest is missing.</summary>
    BadSignature,

    /// <summary>A file's size or SHA-256 differs from the signed manifest, or a file is not in it.</summary>
    DamagedFile,

    WrongArchitecture,

    /// <summary>Older than or the same as the running version (and not forced).</summary>
    NotNewer,

    /// <summary>The bundle ends early: an interrupted download or copy.</summary>
    Truncated,

    DiskFull,

    /// <summary>The app does not run from the installer's layout (no <c>current</c> link), or has no public key.</summary>
    NotInstalled,

    /// <summary>Another update is being installed.</summary>
    Busy,

    Failed,
}

/// <summary>The outcome and one sentence for the screen.</summary>
public sealed record UpdateResult(UpdateOutcome Outcome, string Message, string? Version = null)
{
    public bool Installed => Outcome == UpdateOutcome.Installed;
}

/// <summary>Where an update is: a stage for the screen (any language) and how far along it is (0..1, or null when unknown).</summary>
public readonly record struct UpdateProgress(Say Step, double? Fraction)
{
    /// <summary>The stage in English ("Downloading").</summary>
    public string Stage => Step.English;

    /// <summary>The stage with its percentage, as the screen shows it.</summary>
    public Say Words => Fraction is { } f ? Say.Of(Tx.UpdateStagePercent, Step, f * 100) : Step;

    public override string ToString() => Words.English;
}

/// <summary>A refusal found while reading or installing a bundle.</summary>
internal sealed class UpdateRefusedException(UpdateOutcome outcome, string message) : Exception(message)
{
    public UpdateOutcome Outcome { get; } = outcome;
}
