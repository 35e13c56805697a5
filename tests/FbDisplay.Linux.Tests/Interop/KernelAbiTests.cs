using System.Diagnostics;
using FbDisplay.Linux;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Interop;

public sealed class KernelAbiTests
{
    private static Dictionary<string, long>? _probe;

    private static string? FindCompiler() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "cc"))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs native/abi-probe.sh once per test run and parses its "name value" lines.</summary>
    private static Dictionary<string, long> Probe()
    {
        if (_probe is not null)
        {
            return _probe;
        }

        if (FindCompiler() is null)
        {
            Assert.Ignore("No C compiler (cc) on PATH: the ABI probe cannot be built here. Install gcc to run this check.");
        }

        using var temp = new TempDirectory("abi-probe");
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList = { Path.Combine(RepositoryRoot.Find(), "native", "abi-probe.sh"), temp.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "abi-probe.sh failed: " + errors);

        _probe = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return _probe;
    }

    [Test]
    public void Every_struct_size_offset_ioctl_number_and_constant_matches_the_C_compiler()
    {
        var probe = Probe();
        var ours = KernelAbi.Host();

        Assert.That(ours.Keys, Is.EquivalentTo(probe.Keys), "the probe and KernelAbi.Host must list the same facts");
        Assert.Multiple(() =>
        {
            foreach (var (name, value) in probe)
            {
                Assert.That(ours[name], Is.EqualTo(value), name);
            }
        });
    }

    [Test]
    public void The_C_layout_rules_give_the_compilers_numbers_for_this_host()
    {
        var probe = Probe();

        Assert.Multiple(() =>
        {
            foreach (var (name, value) in KernelAbi.ForPointerSize(IntPtr.Size))
            {
                Assert.That(value, Is.EqualTo(probe[name]), name);
            }
        });
    }

    [Test]
    public void The_C_layout_rules_give_the_hand_computed_armhf_numbers()
    {
        var layout = KernelAbi.ForPointerSize(4);

        // Worked out from the headers with 4-byte longs and 8-aligned u64 (ARM EABI).
        Assert.Multiple(() =>
        {
            Assert.That(layout["sizeof.input_event"], Is.EqualTo(16));
            Assert.That(layout["offsetof.input_event.type"], Is.EqualTo(8));
            Assert.That(layout["offsetof.input_event.code"], Is.EqualTo(10));
            Assert.That(layout["offsetof.input_event.value"], Is.EqualTo(12));
            Assert.That(layout["sizeof.fb_fix_screeninfo"], Is.EqualTo(68));
            Assert.That(layout["offsetof.fb_fix_screeninfo.smem_start"], Is.EqualTo(16));
            Assert.That(layout["offsetof.fb_fix_screeninfo.smem_len"], Is.EqualTo(20));
            Assert.That(layout["offsetof.fb_fix_screeninfo.line_length"], Is.EqualTo(44));
            Assert.That(layout["offsetof.fb_fix_screeninfo.mmio_start"], Is.EqualTo(48));
            Assert.That(layout["offsetof.fb_fix_screeninfo.capabilities"], Is.EqualTo(60));
            Assert.That(layout["sizeof.ifreq"], Is.EqualTo(32));
            Assert.That(layout["offsetof.ifreq.ifr_ifindex"], Is.EqualTo(16));
            Assert.That(layout["sizeof.sockaddr_can"], Is.EqualTo(24));
            Assert.That(layout["offsetof.sockaddr_can.can_ifindex"], Is.EqualTo(4));
        });
    }

    [Test]
    public void The_C_layout_rules_give_the_hand_computed_64_bit_numbers()
    {
        var layout = KernelAbi.ForPointerSize(8);

        Assert.Multiple(() =>
        {
            Assert.That(layout["sizeof.input_event"], Is.EqualTo(24));
            Assert.That(layout["offsetof.input_event.type"], Is.EqualTo(16));
            Assert.That(layout["sizeof.fb_fix_screeninfo"], Is.EqualTo(80));
            Assert.That(layout["offsetof.fb_fix_screeninfo.line_length"], Is.EqualTo(48));
            Assert.That(layout["sizeof.ifreq"], Is.EqualTo(40));
        });
    }

    [Test]
    public void Ioctl_numbers_that_take_no_long_are_the_same_on_32_and_64_bit()
    {
        // EVIOCGABS carries sizeof(input_absinfo) = 24 and EVIOCGRAB sizeof(int) = 4 on every target.
        Assert.That(FbDisplay.Linux.Interop.EVIOCGABS(0), Is.EqualTo(0x8018_4540u));
        Assert.That(FbDisplay.Linux.Interop.EVIOCGRAB, Is.EqualTo(0x4004_4590u));
        Assert.That(FbDisplay.Linux.Interop.EVIOCGBIT(3, 8), Is.EqualTo(0x8008_4523u));
    }
}
