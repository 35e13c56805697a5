using FbDisplay.Core.Display;
using FbDisplay.Ui.Rendering;

namespace FbDisplay.Ui.Tests;

public class DirtyRegionTests
{
    private DirtyRegion _region = null!;

    [SetUp]
    public void SetUp() => _region = new DirtyRegion(800, 480);

    [Test]
    public void A_new_region_is_empty()
    {
        Assert.That(_region.IsEmpty, Is.True);
        Assert.That(_region.Rects.Length, Is.Zero);
    }

    [Test]
    public void A_rect_inside_an_existing_one_is_dropped()
    {
        _region.Invalidate(new PixelRect(10, 10, 100, 100));
        _region.Invalidate(new PixelRect(20, 20, 10, 10));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(10, 10, 100, 100) }));
    }

    [Test]
    public void A_rect_that_covers_existing_ones_replaces_them()
    {
        _region.Invalidate(new PixelRect(20, 20, 10, 10));
        _region.Invalidate(new PixelRect(300, 300, 10, 10));
        _region.Invalidate(new PixelRect(10, 10, 100, 100));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(300, 300, 10, 10), new PixelRect(10, 10, 100, 100) }));
    }

    [Test]
    public void Two_overlapping_rects_merge_when_the_union_is_smaller_than_the_sum()
    {
        // Union 30x25 = 750 < 400 + 400.
        _region.Invalidate(new PixelRect(10, 10, 20, 20));
        _region.Invalidate(new PixelRect(20, 15, 20, 20));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(10, 10, 30, 25) }));
    }

    [Test]
    public void Two_rects_whose_union_is_not_smaller_than_the_sum_stay_separate()
    {
        // Touching side by side: union 40x20 = 800 = sum, so merging saves nothing.
        _region.Invalidate(new PixelRect(10, 10, 20, 20));
        _region.Invalidate(new PixelRect(30, 10, 20, 20));

        Assert.That(_region.Rects.Length, Is.EqualTo(2));
    }

    [Test]
    public void Two_rects_far_apart_stay_separate()
    {
        _region.Invalidate(new PixelRect(0, 0, 10, 10));
        _region.Invalidate(new PixelRect(700, 400, 10, 10));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 10, 10), new PixelRect(700, 400, 10, 10) }));
        Assert.That(_region.PixelCount, Is.EqualTo(200));
    }

    [Test]
    public void A_merge_that_then_overlaps_a_third_rect_merges_again()
    {
        _region.Invalidate(new PixelRect(0, 0, 20, 20));
        _region.Invalidate(new PixelRect(35, 0, 20, 20));
        _region.Invalidate(new PixelRect(15, 0, 25, 20));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 55, 20) }));
    }

    [Test]
    public void Rects_are_clipped_to_the_screen()
    {
        _region.Invalidate(new PixelRect(-10, -10, 30, 30));
        _region.Invalidate(new PixelRect(790, 470, 50, 50));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 20, 20), new PixelRect(790, 470, 10, 10) }));
    }

    [Test]
    public void Rects_entirely_off_screen_or_empty_are_ignored()
    {
        _region.Invalidate(new PixelRect(900, 10, 30, 30));
        _region.Invalidate(new PixelRect(10, 10, 0, 30));

        Assert.That(_region.IsEmpty, Is.True);
    }

    [Test]
    public void More_separate_rects_than_the_capacity_fall_back_to_the_full_screen()
    {
        for (int i = 0; i <= DirtyRegion.DefaultCapacity; i++)
        {
            _region.Invalidate(new PixelRect(i * 40, 0, 10, 10));
        }

        Assert.That(_region.IsFullScreen, Is.True);
        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 800, 480) }));
    }

    [Test]
    public void Exactly_capacity_separate_rects_are_kept()
    {
        for (int i = 0; i < DirtyRegion.DefaultCapacity; i++)
        {
            _region.Invalidate(new PixelRect(i * 40, 0, 10, 10));
        }

        Assert.That(_region.IsFullScreen, Is.False);
        Assert.That(_region.Rects.Length, Is.EqualTo(DirtyRegion.DefaultCapacity));
    }

    [Test]
    public void Clear_empties_the_region_including_the_full_screen_state()
    {
        _region.InvalidateAll();
        _region.Clear();
        _region.Invalidate(new PixelRect(1, 2, 3, 4));

        Assert.That(_region.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(1, 2, 3, 4) }));
    }

    [Test]
    public void No_rect_is_ever_inside_another_and_no_pixel_is_lost()
    {
        var random = new Random(1234);
        for (int round = 0; round < 200; round++)
        {
            _region.Clear();
            var added = new List<PixelRect>();
            for (int i = 0; i < 12; i++)
            {
                var r = new PixelRect(random.Next(-50, 800), random.Next(-50, 480), random.Next(1, 200), random.Next(1, 120));
                added.Add(r);
                _region.Invalidate(r);
            }

            PixelRect[] rects = _region.Rects.ToArray();
            for (int a = 0; a < rects.Length; a++)
            {
                for (int b = 0; b < rects.Length; b++)
                {
                    Assert.That(a == b || !rects[a].Contains(rects[b]), Is.True, $"round {round}: {rects[a]} contains {rects[b]}");
                }
            }

            foreach (PixelRect r in added)
            {
                PixelRect clipped = r.Intersect(_region.Screen);
                if (clipped.IsEmpty)
                {
                    continue;
                }

                // Every corner pixel of every invalidated rect is covered by some dirty rect.
                foreach ((int x, int y) in new[] { (clipped.X, clipped.Y), (clipped.Right - 1, clipped.Bottom - 1), (clipped.X, clipped.Bottom - 1), (clipped.Right - 1, clipped.Y) })
                {
                    Assert.That(rects.Any(d => d.Contains(x, y)), Is.True, $"round {round}: ({x},{y}) of {r} lost");
                }
            }
        }
    }

    [Test]
    public void Invalidating_and_clearing_allocate_nothing()
    {
        var rects = new PixelRect[] { new(10, 10, 20, 20), new(20, 15, 20, 20), new(400, 300, 50, 50), new(-5, 0, 10, 10), new(405, 305, 5, 5) };
        RunCycles(rects, 100); // JIT warm-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        RunCycles(rects, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    private void RunCycles(PixelRect[] rects, int cycles)
    {
        for (int c = 0; c < cycles; c++)
        {
            for (int i = 0; i < rects.Length; i++)
            {
                _region.Invalidate(rects[i]);
            }

            if (c % 100 == 0)
            {
                for (int i = 0; i < 20; i++)
                {
                    _region.Invalidate(new PixelRect(i * 39, 200, 3, 3));
                }
            }

            _region.Clear();
        }
    }
}
