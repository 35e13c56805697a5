using NUnit.Framework;

namespace FbDisplay.TestSupport;

/// <summary>Waiting for another thread, process or socket to reach a state; the one way tests wait.</summary>
public static class Eventually
{
    /// <summary>Spins until <paramref name="condition"/> holds; fails the test after <paramref name="seconds"/>.</summary>
    public static void True(Func<bool> condition, string what, double seconds = 5) =>
        Assert.That(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(seconds)), Is.True, "timed out waiting for " + what);

    /// <summary>Polls every 10 ms; fails after <paramref name="timeoutMs"/> with what <paramref name="state"/> says.</summary>
    public static async Task TrueAsync(Func<bool> condition, CancellationToken ct, int timeoutMs = 10_000, Func<string>? state = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long end = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > end)
            {
                Assert.Fail("condition not met in time" + (state is null ? "" : ": " + state()));
            }

            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <paramref name="seconds"/>.</summary>
    public static Task TrueAsync(Func<bool> condition, double seconds = 10) =>
        TrueAsync(condition, CancellationToken.None, (int)(seconds * 1000));
}
