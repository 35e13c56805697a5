using FbDisplay.Core.Energy;

namespace FbDisplay.Core.Tests.Energy;

public class CurrentSmootherTests
{
    [Test]
    public void The_first_sample_is_the_average()
    {
        var s = new CurrentSmoother();
        Assert.That(s.HasValue, Is.False);
        Assert.That(s.Add(1000, 12.5f), Is.EqualTo(12.5f));
        Assert.That(s.HasValue, Is.True);
    }

    [Test]
    public void A_step_is_63_percent_through_after_one_time_constant()
    {
        var s = new CurrentSmoother(TimeSpan.FromSeconds(60));
        s.Add(1000, 0f);
        for (int i = 1; i <= 60; i++)
        {
            s.Add(1000 + i, 10f);
        }

        // 10 x (1 - (e^(-1/60))^60) = 10 x (1 - e^-1) = 6.3212 A.
        Assert.That(s.Amps, Is.EqualTo(10 * (1 - Math.Exp(-1))).Within(1e-4));
    }

    [Test]
    public void A_half_minute_cloud_moves_the_estimate_only_part_way()
    {
        var s = new CurrentSmoother();
        long t = 1000;
        for (int i = 0; i < 600; i++)
        {
            s.Add(t++, 20f);
        }

        for (int i = 0; i < 30; i++)
        {
            s.Add(t++, 5f);
        }

        // 20 - 15 x (1 - e^-0.5) = 14.10 A, not 5 A.
        Assert.That(s.Amps, Is.EqualTo(20 - (15 * (1 - Math.Exp(-0.5)))).Within(1e-3));
        BatteryEstimate smoothed = BatteryEstimate.Compute(50f, 100f, s.Amps);
        Assert.That(smoothed.Time.TotalHours, Is.LessThan(3.6), "50 Ah at 14.1 A, not 10 h at 5 A");
    }

    [Test]
    public void A_gap_longer_than_the_time_constant_starts_afresh()
    {
        var s = new CurrentSmoother();
        s.Add(1000, 20f);
        s.Add(1001, 20f);
        Assert.That(s.Add(1100, -8f), Is.EqualTo(-8f));
        Assert.That(s.Add(1100 - 3600, 4f), Is.EqualTo(4f), "a clock set back an hour");
    }

    [Test]
    public void A_current_that_is_not_a_number_is_ignored_and_reset_forgets()
    {
        var s = new CurrentSmoother();
        s.Add(1000, 3f);
        Assert.That(s.Add(1001, float.NaN), Is.EqualTo(3f));
        s.Reset();
        Assert.That((s.HasValue, s.Amps), Is.EqualTo((false, 0f)));
    }

    [Test]
    public void Adding_allocates_nothing()
    {
        var s = new CurrentSmoother();
        for (int i = 0; i < 100; i++)
        {
            s.Add(i, i % 5);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        float sum = 0;
        for (int i = 100; i < 100_000; i++)
        {
            sum += s.Add(i, i % 5);
            sum += (float)BatteryEstimate.Compute(50f, 100f, s.Amps).Time.TotalSeconds;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.GreaterThan(0));
    }
}
