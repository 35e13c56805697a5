using FbDisplay.Core.History;
using FbDisplay.Core.Logging;

namespace FbDisplay.Core.Tests;

public class PowerSafeLogLineTests
{
    private static readonly DateTime ManualTime = new(2018, 8, 27, 19, 19, 41);

    [Test]
    public void The_manuals_example_line_is_reproduced_exactly()
    {
        var s = new SecondSample(0, 11.5f, 41.1f, -34, 41.1f * -34, -1415.70f, 36, 30, 0, 0, 0);
        Assert.That(PowerSafeLogLine.Format(s, ManualTime), Is.EqualTo("08/27/2018 19:19:41,11.5,41.1,-34,-1397,-1415.70,036"));
    }

    [Test]
    public void Small_negative_power_does_not_print_minus_zero()
    {
        var s = new SecondSample(0, 100, 54.2f, 0, -0.3f, 0, 5, 5, 0, 0, 0);
        Assert.That(PowerSafeLogLine.Format(s, ManualTime), Is.EqualTo("08/27/2018 19:19:41,100.0,54.2,0,0,0.00,005"));
    }

    [Test]
    public void A_formatted_line_parses_back()
    {
        var s = new SecondSample(0, 77.5f, 48.7f, 12, 584.4f, -114.5f, 41, 30, 0, 0, 0);
        string line = PowerSafeLogLine.Format(s, ManualTime);
        Assert.That(PowerSafeLogLine.TryParse(line, out LogRecord r), Is.True);
        Assert.That(r, Is.EqualTo(new LogRecord(ManualTime, 77.5f, 48.7f, 12, 584, -114.5f, 41)));
    }

    [TestCase("")]
    [TestCase("08/27/2018 19:19:41,11.5,41.1,-34,-1397,-1415.70")]
    [TestCase("08/27/2018 19:19:41,11.5,41.1,-34,-1397,-14")]
    [TestCase("08/27/2018 19:1")]
    [TestCase("garbage,1,2,3,4,5,6")]
    public void Torn_or_foreign_lines_do_not_parse(string line) =>
        Assert.That(PowerSafeLogLine.TryParse(line, out _), Is.False);

    [Test]
    public void Formatting_allocates_nothing()
    {
        var s = new SecondSample(0, 11.5f, 41.1f, -34, -1397, -1415.70f, 36, 30, 0, 0, 0);
        Span<byte> buf = stackalloc byte[PowerSafeLogLine.MaxBytes];
        PowerSafeLogLine.Format(s, ManualTime, buf);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            PowerSafeLogLine.Format(s, ManualTime.AddSeconds(i), buf);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
