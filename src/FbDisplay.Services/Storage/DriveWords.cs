using FbDisplay.Core.Text;

namespace FbDisplay.Services.Storage;

/// <summary>
/// A drive's outcome for the screen, translated by its <see cref="DriveProblem"/>; in English (the journal) it keeps the
/// drive's own message with the device path and reason. A kind without words here shows that message as it is.
/// </summary>
public static class DriveWords
{
    public static Say Of(DriveUseResult use)
    {
        ArgumentNullException.ThrowIfNull(use);
        return use.Problem switch
        {
            DriveProblem.NoDrive => Say.Of(use.Message, Tx.DriveNone),
            DriveProblem.NotFat => Say.Of(use.Message, Tx.DriveNotFat),
            DriveProblem.MountFailed => Say.Of(use.Message, Tx.DriveUnusable, use.Message),
            _ => Say.Plain(use.Message),
        };
    }
}
