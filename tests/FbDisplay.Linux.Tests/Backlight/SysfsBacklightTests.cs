using FbDisplay.Linux.Backlight;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Backlight;

public sealed class SysfsBacklightTests
{
    private TempDirectory _sysfs = null!;

    [SetUp]
    public void SetUp() => _sysfs = new TempDirectory("backlight");

    [TearDown]
    public void TearDown() => _sysfs.Dispose();

    private string FakeDevice(string name, int max, int brightness, int? power = 0)
    {
        string dir = Path.Combine(_sysfs.Path, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "max_brightness"), $"{max}\n");
        File.WriteAllText(Path.Combine(dir, "brightness"), $"{brightness}\n");
        if (power is { } p)
        {
            File.WriteAllText(Path.Combine(dir, "bl_power"), $"{p}\n");
        }

        return dir;
    }

    [Test]
    public void Find_picks_the_first_device_by_name()
    {
        FakeDevice("rpi_backlight", 255, 100);
        FakeDevice("10-0045", 31, 31);

        var backlight = SysfsBacklight.Find(_sysfs.Path);

        Assert.That(backlight!.Directory, Does.EndWith("10-0045"));
        Assert.That(backlight.MaxBrightness, Is.EqualTo(31));
    }

    [Test]
    public void Find_returns_null_without_a_backlight()
    {
        Assert.That(SysfsBacklight.Find(_sysfs.Path), Is.Null);
        Assert.That(SysfsBacklight.Find(_sysfs.File("missing")), Is.Null);
    }

    [Test]
    public void Brightness_reads_and_writes_the_brightness_file_clamped_to_max()
    {
        string dir = FakeDevice("rpi_backlight", 255, 100);
        var backlight = SysfsBacklight.Open(dir);

        Assert.That(backlight.Brightness, Is.EqualTo(100));
        backlight.Brightness = 300;

        Assert.That(File.ReadAllText(Path.Combine(dir, "brightness")), Is.EqualTo("255\n"));
    }

    [Test]
    public void Percent_scales_to_max_brightness()
    {
        string dir = FakeDevice("rpi_backlight", 200, 0);
        var backlight = SysfsBacklight.Open(dir);

        backlight.Percent = 25;

        Assert.That(File.ReadAllText(Path.Combine(dir, "brightness")).Trim(), Is.EqualTo("50"));
        Assert.That(backlight.Percent, Is.EqualTo(25));
    }

    [Test]
    public void Switching_off_writes_bl_power_4_and_on_writes_0()
    {
        string dir = FakeDevice("rpi_backlight", 255, 100);
        var backlight = SysfsBacklight.Open(dir);

        backlight.IsOn = false;
        Assert.That(File.ReadAllText(Path.Combine(dir, "bl_power")).Trim(), Is.EqualTo("4"));
        Assert.That(backlight.IsOn, Is.False);

        backlight.IsOn = true;
        Assert.That(File.ReadAllText(Path.Combine(dir, "bl_power")).Trim(), Is.EqualTo("0"));
        Assert.That(backlight.Brightness, Is.EqualTo(100), "power does not touch brightness");
    }

    [Test]
    public void A_garbled_max_brightness_names_the_file()
    {
        string dir = FakeDevice("broken", 1, 0);
        File.WriteAllText(Path.Combine(dir, "max_brightness"), "lots\n");

        Assert.That(() => SysfsBacklight.Open(dir), Throws.InstanceOf<IOException>().With.Message.Contains("max_brightness"));
    }
}
