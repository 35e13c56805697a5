namespace FbDisplay.Services.Update;

/// <summary>What the start-up check decided.</summary>
/// <param name="RollBack">True when <c>current</c> was switched back: the process should exit (non-zero) so its supervisor starts the previous release.</param>
/// <param name="Message">A sentence for the screen (the last update's outcome), or null.</param>
/// <param name="OnTrial">True while this start is a new version's trial (it must prove itself healthy).</param>
public sealed record UpdateStartCheck(bool RollBack, string? Message, bool OnTrial);

/// <summary>
/// The new release's trial after a switch. Every start of the version named by <c>update-pending</c> counts; after
/// <see cref="MaxStarts"/> starts (a restart loop) or past <see cref="Deadline"/> without being marked healthy, <c>current</c>
/// goes back to the previous release and <c>update-message</c> says so. A version that has drawn frames for
/// <c>Update:HealthSeconds</c> calls <see cref="MarkHealthy"/>, which ends the trial.
/// </summary>
public sealed class UpdateHealth(ReleaseLayout layout, TimeProvider time)
{
    /// <summary>Starts of the new version allowed before it is deemed to be in a restart loop.</summary>
    public int MaxStarts { get; init; } = 3;

    /// <summary>How long after the switch the new version may take to become healthy.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Run once at start, before anything else touches the screen. <paramref name="runningVersion"/> is this process's version.</summary>
    public UpdateStartCheck OnStart(string runningVersion)
    {
        string? message = layout.ReadMessage();
        PendingUpdate? pending = PendingUpdate.TryRead(layout.PendingFile);
        if (pending is null)
        {
            return new UpdateStartCheck(false, message, false);
        }

        if (layout.CurrentVersion() != pending.To)
        {
            // The switch never happened (power cut between record and switch) or was undone by hand or by the guard.
            File.Delete(layout.PendingFile);
            return new UpdateStartCheck(false, message, false);
        }

        if (!string.Equals(runningVersion, pending.To, StringComparison.Ordinal))
        {
            return new UpdateStartCheck(false, message, false); // not the release on trial (a development run beside it)
        }

        PendingUpdate counted = pending with { Starts = pending.Starts + 1 };
        TimeSpan since = time.GetUtcNow() - pending.SwitchedAt;
        string? reason = counted.Starts > MaxStarts ? $"it restarted {pending.Starts} times"
            : since > Deadline ? $"it was not healthy within {Deadline.TotalMinutes:0} minutes"
            : null;
        if (reason is not null)
        {
            return new UpdateStartCheck(true, RollBack(pending, reason), false);
        }

        counted.Write(layout.PendingFile);
        return new UpdateStartCheck(false, message, true);
    }

    /// <summary>
    /// Ends a trial: the running version is healthy. Clears the pending record and the last message; returns
    /// "Updated from X to Y." when a trial ended, else null.
    /// </summary>
    public string? MarkHealthy(string runningVersion)
    {
        PendingUpdate? pending = PendingUpdate.TryRead(layout.PendingFile);
        string? result = null;
        if (pending is not null && pending.To == runningVersion && layout.CurrentVersion() == runningVersion)
        {
            File.Delete(layout.PendingFile);
            result = $"Updated from {pending.From} to {pending.To}.";
        }

        if (File.Exists(layout.MessageFile))
        {
            layout.ClearMessage();
        }

        return result;
    }

    /// <summary>Switches <c>current</c> back to <see cref="PendingUpdate.From"/>, records and returns the message.</summary>
    public string RollBack(PendingUpdate pending, string reason)
    {
        ArgumentNullException.ThrowIfNull(pending);
        string message;
        if (ReleaseVersion.IsValid(pending.From) && Directory.Exists(layout.ReleaseDirectory(pending.From)))
        {
            layout.SwitchCurrent(pending.From);
            message = $"Update to {pending.To} failed ({reason}); rolled back to {pending.From}.";
        }
        else
        {
            message = $"Update to {pending.To} failed ({reason}), and {pending.From} is no longer installed: cannot roll back.";
        }

        layout.WriteMessage(message);
        File.Delete(layout.PendingFile);
        return message;
    }
}
