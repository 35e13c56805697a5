using FbDisplay.Core.Energy;

namespace FbDisplay.Core.Tests.Energy;

public class BatteryEstimateTests
{
    [Test]
    public void No_estimate_while_the_pack_has_just_turned_round()
    {
        // The minute's average still says charging at 20 A, but the pack now gives 29 A: no "Full in ..." beside it.
        Assert.That(BatteryEstimate.Compute(55.5f, 232f, 20f, -29f).HasValue, Is.False);
        Assert.That(BatteryEstimate.Compute(55.5f, 232f, -20f, 15f).HasValue, Is.False);

        // Same direction: the average rate decides; a present current near zero does not veto it.
        Assert.That(BatteryEstimate.Compute(55.5f, 232f, 20f, 25f), Is.EqualTo(BatteryEstimate.Compute(55.5f, 232f, 20f)));
        Assert.That(BatteryEstimate.Compute(55.5f, 232f, -20f, -0.2f), Is.EqualTo(BatteryEstimate.Compute(55.5f, 232f, -20f)));
    }

    [Test]
    public void Charging_gives_the_time_to_full()
    {
        // 100 Ah x (100 - 50) % = 50 Ah to go at 10 A = 5 h.
        BatteryEstimate e = BatteryEstimate.Compute(50f, 100f, 10f);
        Assert.That(e, Is.EqualTo(new BatteryEstimate(EstimateDirection.ToFull, TimeSpan.FromHours(5), false)));
    }

    [Test]
    public void Discharging_gives_the_time_to_empty()
    {
        // 280 Ah x 40 % = 112 Ah left at 32 A = 3.5 h.
        BatteryEstimate e = BatteryEstimate.Compute(40f, 280f, -32f);
        Assert.That(e, Is.EqualTo(new BatteryEstimate(EstimateDirection.ToEmpty, TimeSpan.FromHours(3.5), false)));
    }

    [Test]
    public void Odd_figures_round_to_whole_seconds()
    {
        // 100 Ah x 33.3 % = 33.3 Ah at 7 A = 4.757142857 h = 17 125.714... s -> 17 126 s.
        Assert.That(BatteryEstimate.Compute(66.7f, 100f, 7f).Time, Is.EqualTo(TimeSpan.FromSeconds(17126)));
    }

    [TestCase(50f, 100f, 0.49f, TestName = "A trickle below 0.5 A charging gives no estimate")]
    [TestCase(50f, 100f, -0.49f, TestName = "A trickle below 0.5 A discharging gives no estimate")]
    [TestCase(50f, 0f, 10f, TestName = "An unknown capacity gives no estimate")]
    [TestCase(50f, -5f, 10f, TestName = "A negative capacity gives no estimate")]
    [TestCase(float.NaN, 100f, 10f, TestName = "A SOC that is not a number gives no estimate")]
    [TestCase(50f, 100f, float.NaN, TestName = "A current that is not a number gives no estimate")]
    public void No_estimate(float soc, float capacity, float amps)
    {
        BatteryEstimate e = BatteryEstimate.Compute(soc, capacity, amps);
        Assert.That((e.HasValue, e.Direction, e.Time), Is.EqualTo((false, EstimateDirection.None, TimeSpan.Zero)));
    }

    [Test]
    public void A_full_pack_still_charging_is_zero_to_full_and_an_over_range_soc_is_clamped()
    {
        Assert.That(BatteryEstimate.Compute(100f, 100f, 5f).Time, Is.EqualTo(TimeSpan.Zero));
        Assert.That(BatteryEstimate.Compute(104f, 100f, 5f), Is.EqualTo(new BatteryEstimate(EstimateDirection.ToFull, TimeSpan.Zero, false)));
        Assert.That(BatteryEstimate.Compute(-3f, 100f, -5f), Is.EqualTo(new BatteryEstimate(EstimateDirection.ToEmpty, TimeSpan.Zero, false)));
    }

    [Test]
    public void Absurd_estimates_are_capped_at_99_hours()
    {
        // 1000 Ah x 100 % at 0.6 A = 1666 h.
        BatteryEstimate e = BatteryEstimate.Compute(0f, 1000f, 0.6f);
        Assert.That(e, Is.EqualTo(new BatteryEstimate(EstimateDirection.ToFull, TimeSpan.FromHours(99), true)));

        // 99 Ah x 100 % at 1 A = exactly 99 h: shown as is.
        Assert.That(BatteryEstimate.Compute(0f, 99f, 1f), Is.EqualTo(new BatteryEstimate(EstimateDirection.ToFull, TimeSpan.FromHours(99), false)));
    }
}
