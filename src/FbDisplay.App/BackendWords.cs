using FbDisplay.Core.Text;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Update;

namespace FbDisplay.App;

/// <summary>
/// The words of the outcomes the services report with a kind and an English sentence: translated by the kind for the
/// screen, the service's own sentence (every detail) kept for the journal and the English screen. A kind without
/// words here shows the service's sentence as it is.
/// </summary>
internal static class BackendWords
{
    /// <summary>SAVE of the controller limits.</summary>
    public static Say Of(ControllerSendResult r)
    {
        string english = r.Describe();
        int ok = r.Acks.Count(a => a.Accepted);
        return r.Outcome switch
        {
            ControllerSendOutcome.Sent => Say.Of(english, Tx.LimitsAccepted, ok),
            ControllerSendOutcome.PartiallyAccepted => Say.Of(english, Tx.LimitsPartly, ok, r.Acks.Count,
                string.Join("; ", r.Acks.Where(a => !a.Accepted).Select(a => $"{a.Setting}: {a.Error}"))),
            ControllerSendOutcome.NoControllerKnown => Say.Of(english, Tx.LimitsNoController),
            ControllerSendOutcome.TimedOut => Say.Of(english, Tx.LimitsTimedOut),
            ControllerSendOutcome.Unreachable => Say.Of(english, Tx.LimitsUnreachable, r.Reason ?? ""),
            ControllerSendOutcome.Refused => Say.Of(english, Tx.LimitsRefused, r.Reason ?? ""),
            _ => Say.Plain(english),
        };
    }

    /// <summary>UPDATE SOFTWARE's outcome.</summary>
    public static Say Of(UpdateResult r, string runningVersion) => r.Outcome switch
    {
        UpdateOutcome.Installed => Say.Of(r.Message, Tx.UpdateInstalled, r.Version ?? ""),
        UpdateOutcome.UpToDate => Say.Of(r.Message, Tx.UpdateUpToDate, runningVersion),
        UpdateOutcome.NoSource => Say.Of(r.Message, Tx.UpdateNoSource),
        UpdateOutcome.Unreachable => Say.Of(r.Message, Tx.UpdateUnreachable),
        UpdateOutcome.BadSignature => Say.Of(r.Message, Tx.UpdateBadSignature),
        UpdateOutcome.DamagedFile => Say.Of(r.Message, Tx.UpdateDamaged),
        UpdateOutcome.WrongArchitecture => Say.Of(r.Message, Tx.UpdateWrongArchitecture),
        UpdateOutcome.NotNewer => Say.Of(r.Message, Tx.UpdateNotNewer, runningVersion),
        UpdateOutcome.Truncated => Say.Of(r.Message, Tx.UpdateTruncated),
        UpdateOutcome.DiskFull => Say.Of(r.Message, Tx.UpdateDiskFull),
        UpdateOutcome.NotInstalled => Say.Of(r.Message, Tx.UpdateNotInstalled),
        UpdateOutcome.Busy => Say.Of(r.Message, Tx.UpdateBusy),
        UpdateOutcome.Failed => Say.Of(r.Message, Tx.UpdateFailed),
        _ => Say.Plain(r.Message),
    };
}
