using FbDisplay.Core.Display;
using FbDisplay.Core.Input;

namespace FbDisplay.Linux.Tests.Input;

public sealed class TouchMapperTests
{
    private static TouchMapper Tablet(DisplayRotation rotation = DisplayRotation.Rotate0, TouchCalibration? calibration = null) =>
        new(new TouchAxis(100, 4000), new TouchAxis(200, 3000), 800, 480, rotation, calibration);

    [Test]
    public void Touch_at_axis_min_maps_to_pixel_zero() =>
        Assert.That(Tablet().Map(100, 200), Is.EqualTo((0, 0)));

    [Test]
    public void Touch_at_axis_max_maps_to_last_pixel() =>
        Assert.That(Tablet().Map(4000, 3000), Is.EqualTo((799, 479)));

    [Test]
    public void Touch_outside_the_axis_range_is_clamped_to_the_screen()
    {
        Assert.That(Tablet().Map(0, 0), Is.EqualTo((0, 0)));
        Assert.That(Tablet().Map(9999, 9999), Is.EqualTo((799, 479)));
    }

    [Test]
    public void Touch_in_the_middle_of_the_axis_maps_to_the_middle_pixel() =>
        Assert.That(Tablet().Map(2050, 1600), Is.EqualTo((400, 240))); // 799/2 and 479/2 rounded away from zero

    // Raw top-right corner of the panel (raw x max, raw y min), seen through each rotation.
    [TestCase(DisplayRotation.Rotate0, 799, 0)]
    [TestCase(DisplayRotation.Rotate90, 0, 0)]
    [TestCase(DisplayRotation.Rotate180, 0, 479)]
    [TestCase(DisplayRotation.Rotate270, 479, 799)]
    public void Each_rotation_maps_the_panel_corner_to_its_logical_corner(DisplayRotation rotation, int x, int y) =>
        Assert.That(Tablet(rotation).Map(4000, 200), Is.EqualTo((x, y)));

    [TestCase(DisplayRotation.Rotate90)]
    [TestCase(DisplayRotation.Rotate270)]
    public void Quarter_turns_report_a_portrait_screen(DisplayRotation rotation)
    {
        var mapper = Tablet(rotation);

        Assert.That((mapper.Width, mapper.Height), Is.EqualTo((480, 800)));
    }

    [Test]
    public void Touch_and_display_agree_on_where_a_logical_pixel_is([Values] DisplayRotation rotation)
    {
        // Raw equals panel pixel; touching the panel pixel that shows logical (30, 50) must report (30, 50).
        var mapper = new TouchMapper(new TouchAxis(0, 799), new TouchAxis(0, 479), 800, 480, rotation);
        var (px, py) = rotation.LogicalToPanel(30, 50, 800, 480);

        Assert.That(mapper.Map(px, py), Is.EqualTo((30, 50)));
    }

    [Test]
    public void Calibration_solved_from_three_taps_moves_the_taps_onto_the_targets()
    {
        // A panel glued 12 px right and 5 px low, slightly stretched: taps land off the drawn targets.
        (double X, double Y)[] targets = [(50, 50), (750, 50), (50, 430)];
        (double X, double Y)[] touched = [(62, 55), (772, 57), (60, 443)];
        var calibration = TouchCalibration.FromThreePoints(touched, targets);
        var mapper = new TouchMapper(new TouchAxis(0, 799), new TouchAxis(0, 479), 800, 480, calibration: calibration);

        Assert.That(mapper.Map(62, 55), Is.EqualTo((50, 50)));
        Assert.That(mapper.Map(772, 57), Is.EqualTo((750, 50)));
        Assert.That(mapper.Map(60, 443), Is.EqualTo((50, 430)));
    }

    [Test]
    public void Calibration_is_applied_after_rotation_in_logical_pixels()
    {
        var shift = new TouchCalibration(1, 0, 10, 0, 1, -5);
        var mapper = new TouchMapper(new TouchAxis(0, 799), new TouchAxis(0, 479), 800, 480, DisplayRotation.Rotate180, shift);

        Assert.That(mapper.Map(700, 400), Is.EqualTo((109, 74))); // rotated to (99, 79), then shifted
    }

    [Test]
    public void Three_targets_on_one_line_cannot_calibrate() =>
        Assert.That(
            () => TouchCalibration.FromThreePoints([(0, 0), (1, 1), (2, 2)], [(0, 0), (1, 1), (2, 2)]),
            Throws.ArgumentException);

    [Test]
    public void An_axis_whose_min_equals_its_max_does_not_divide_by_zero() =>
        Assert.That(new TouchMapper(new TouchAxis(5, 5), new TouchAxis(0, 479), 800, 480).Map(5, 10), Is.EqualTo((0, 10)));
}
