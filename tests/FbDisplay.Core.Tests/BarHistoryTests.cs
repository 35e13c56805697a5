using FbDisplay.Core.History;

namespace FbDisplay.Core.Tests;

public class BarHistoryTests
{
    private const long T0 = 1_700_000_000; // a multiple of 512? no: alignment is tested explicitly below

    [Test]
    public void One_second_bars_hold_each_second()
    {
        var h = new BarHistory();
        for (int i = 0; i < 10; i++)
        {
            h.Append(T0 + i, i);
        }

        var bars = new Bar[10];
        h.ReadBars(1, T0 + 9, bars);
        Assert.That(bars.Select(b => b.Average), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (float)i)));
        Assert.That(bars.Select(b => b.StartUnixSeconds), Is.EqualTo(Enumerable.Range(0, 10).Select(i => T0 + i)));
    }

    [Test]
    public void Wider_bars_average_min_and_max_their_seconds()
    {
        var h = new BarHistory();
        long start = 1_700_000_256; // aligned to 256
        for (int i = 0; i < 8; i++)
        {
            h.Append(start + i, i);
        }

        var bars = new Bar[1];
        h.ReadBars(8, start + 7, bars);
        Assert.That(bars[0], Is.EqualTo(new Bar(start, 0, 7, 3.5f, 8)));
    }

    [Test]
    public void Gaps_show_as_empty_bars()
    {
        var h = new BarHistory();
        h.Append(T0, 1);
        h.Append(T0 + 3, 4);
        var bars = new Bar[4];
        h.ReadBars(1, T0 + 3, bars);
        Assert.That(bars.Select(b => b.HasValue), Is.EqualTo(new[] { true, false, false, true }));
    }

    [Test]
    public void The_ring_forgets_only_what_is_older_than_its_span()
    {
        var h = new BarHistory();
        long start = 1_700_000_000;
        for (long s = 0; s < 800; s++)
        {
            h.Append(start + s, s);
        }

        var bars = new Bar[BarHistory.BarsPerLevel];
        h.ReadBars(1, start + 799, bars);
        Assert.That(bars[0].Average, Is.EqualTo(80), "oldest second kept is 800 - 720");
        Assert.That(bars[^1].Average, Is.EqualTo(799));
    }

    [Test]
    public void Four_days_at_512_seconds_per_bar_are_kept()
    {
        var h = new BarHistory();
        long start = 1_700_000_000;
        const int seconds = 702 * 512;
        for (long s = 0; s < seconds; s++)
        {
            h.Append(start + s, 50);
        }

        var bars = new Bar[702];
        h.ReadBars(512, start + seconds - 1, bars);
        Assert.That(bars.Count(b => b.HasValue), Is.GreaterThanOrEqualTo(702));
        Assert.That(bars.Sum(b => b.Count), Is.EqualTo(seconds).Within(512));
    }

    [Test]
    public void Appending_allocates_nothing()
    {
        var h = new BarHistory();
        var bars = new Bar[702];
        h.Append(T0, 1);
        h.ReadBars(4, T0, bars);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 100_000; i++)
        {
            h.Append(T0 + i, i);
            if (i % 100 == 0)
            {
                h.ReadBars(4, T0 + i, bars);
            }
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(1024)]
    public void Seconds_per_bar_must_be_a_power_of_two_up_to_512(int spb) =>
        Assert.That(() => BarHistory.LevelOf(spb), Throws.TypeOf<ArgumentOutOfRangeException>());
}
