namespace FbDisplay.Linux.Tests;

internal static class Eventually
{
    /// <summary>Waits for a reader thread to reach a state; fails the test after <paramref name="seconds"/>.</summary>
    public static void True(Func<bool> condition, string what, double seconds = 5) =>
        Assert.That(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(seconds)), Is.True, "timed out waiting for " + what);
}
