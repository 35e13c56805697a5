using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FbDisplay.TestSupport;
using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// Proves the VM behaves like the appliance (fb0, touch, vcan0, shares, forwards) with busybox payloads.
/// Each test boots its own VM, asserts and lets the guest power off.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class VmHarnessTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Boots_with_an_800x480_framebuffer_at_32_bpp()
    {
        using var payload = new GuestPayload();
        var run = payload.AddScript("fb-info.sh", """
            fb=/sys/class/graphics/fb0
            echo "FB0 $(cat $fb/virtual_size) $(cat $fb/bits_per_pixel) $(cat $fb/stride) $(cat $fb/name)"
            """);

        await using var vm = await VmInstance.StartAsync(payload.Path, run);
        var line = await vm.WaitForLineAsync("FB0 ", Step);
        var code = await vm.WaitForExitAsync(Step);
        Report(vm);

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.StartWith("FB0 800,480 32 3200 "), vm.Transcript);
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    [Test]
    public async Task A_pattern_written_to_fb0_shows_in_the_screendump()
    {
        const int width = VmInstance.ScreenWidth, height = VmInstance.ScreenHeight;
        var pattern = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = Expected(x, y);
                var i = ((y * width) + x) * 4;
                pattern[i] = c.B; // fb0 is BGRX
                pattern[i + 1] = c.G;
                pattern[i + 2] = c.R;
            }
        }

        using var payload = new GuestPayload();
        payload.AddFile("pattern.bin", pattern);
        // Two rows per write(): in kernel 6.1 a write() of exactly one row gets an empty damage
        // rectangle from the DRM fbdev shadow and never reaches the screen (mmap is not affected).
        var run = payload.AddScript("fb-pattern.sh", """
            dd if=/app/pattern.bin of=/dev/fb0 bs=6400 count=240 2>/dev/null && echo FB-WRITTEN
            read -r _
            """);

        await using var vm = await VmInstance.StartAsync(payload.Path, run);
        await vm.WaitForLineAsync("FB-WRITTEN", Step);
        var settleStart = TimeProvider.System.GetTimestamp();
        var shot = await vm.WaitForScreenAsync(s => s[width - 1, height - 1] == Expected(width - 1, height - 1), TimeSpan.FromSeconds(5));
        var settle = TimeProvider.System.GetElapsedTime(settleStart);
        await vm.WriteLineAsync("done");
        var code = await vm.WaitForExitAsync(Step);
        Report(vm, $"screen settled after {settle.TotalMilliseconds:0} ms");

        Assert.That((shot.Width, shot.Height), Is.EqualTo((width, height)));
        var mismatches = new List<string>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (shot[x, y] != Expected(x, y) && mismatches.Count < 10)
                {
                    mismatches.Add($"({x},{y}) is {shot[x, y]}, expected {Expected(x, y)}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Empty);
            Assert.That(code, Is.Zero, vm.Transcript);
        });

        // R follows x, G follows y, B names the quadrant: catches stride, offset and channel-order errors.
        static Rgb Expected(int x, int y) =>
            new((byte)x, (byte)y, (byte)(32 + (64 * ((x / 400) + (2 * (y / 240))))));
    }

    [Test]
    public async Task A_tap_injected_through_QMP_arrives_at_the_virtio_tablet()
    {
        using var payload = new GuestPayload();
        var run = payload.AddScript("touch.sh", """
            for d in /sys/class/input/event*; do
                [ "$(cat $d/device/name)" = "QEMU Virtio Tablet" ] && dev=/dev/input/${d##*/}
            done
            [ -n "$dev" ] || { echo "NO-TABLET"; exit 1; }
            exec 3<"$dev"
            echo "LISTENING $dev"
            echo EVT-BEGIN
            dd bs=24 count=7 <&3 2>/dev/null | od -An -v -tx1
            echo EVT-END
            """);

        await using var vm = await VmInstance.StartAsync(payload.Path, run);
        await vm.WaitForLineAsync("LISTENING /dev/input/event", Step);
        var tapStart = TimeProvider.System.GetTimestamp();
        await vm.TapAsync(400, 120);
        var tapTime = TimeProvider.System.GetElapsedTime(tapStart);
        var code = await vm.WaitForExitAsync(Step);
        Report(vm, $"tap {tapTime.TotalMilliseconds:0.0} ms");

        var events = InputEvent.ParseAll(HexBetween(vm.SerialLines, "EVT-BEGIN", "EVT-END"));
        InputEvent[] expected =
        [
            new(InputEvent.EvAbs, InputEvent.AbsX, QmpClient.ToAbsolute(400, VmInstance.ScreenWidth)),
            new(InputEvent.EvAbs, InputEvent.AbsY, QmpClient.ToAbsolute(120, VmInstance.ScreenHeight)),
            new(InputEvent.EvSyn, 0, 0),
            new(InputEvent.EvKey, InputEvent.BtnLeft, 1),
            new(InputEvent.EvSyn, 0, 0),
            new(InputEvent.EvKey, InputEvent.BtnLeft, 0),
            new(InputEvent.EvSyn, 0, 0),
        ];
        Assert.Multiple(() =>
        {
            Assert.That(events, Is.EqualTo(expected), vm.Transcript);
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    [Test]
    public async Task A_CAN_frame_round_trips_on_vcan0()
    {
        using var payload = new GuestPayload();
        // candump may bind after the first send: keep sending until it has printed one frame.
        var run = payload.AddScript("can.sh", """
            ip link show vcan0 | head -1
            candump -n 1 vcan0 >/tmp/dump &
            i=0
            while [ ! -s /tmp/dump ] && [ $i -lt 50 ]; do cansend vcan0 650#C801; sleep 0.1; i=$((i + 1)); done
            echo "CAN-RX $(cat /tmp/dump)"
            """);

        await using var vm = await VmInstance.StartAsync(payload.Path, run);
        var rx = await vm.WaitForLineAsync("CAN-RX", Step);
        var code = await vm.WaitForExitAsync(Step);
        Report(vm);

        var link = vm.SerialLines.FirstOrDefault(l => l.Contains(": vcan0:", StringComparison.Ordinal)) ?? "";
        Assert.Multiple(() =>
        {
            Assert.That(link, Does.Contain(",UP,"), vm.Transcript);
            Assert.That(CandumpLine().IsMatch(rx), Is.True, $"candump printed '{rx}'\n{vm.Transcript}");
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    [Test]
    public async Task The_app_share_is_read_only_and_the_data_share_is_writable()
    {
        using var payload = new GuestPayload();
        using var data = new TempDirectory("fbd-data");
        var run = payload.AddScript("shares.sh", """
            touch /app/should-fail 2>/dev/null && echo "APP-WRITABLE" || echo "APP-READONLY"
            echo "written in $(uname -r)" >/data/hello.txt
            """);

        await using var vm = await VmInstance.StartAsync(new VmOptions
        {
            AppDirectory = payload.Path,
            DataDirectory = data.Path,
            Command = run,
        });
        var app = await vm.WaitForLineAsync("APP-", Step);
        var code = await vm.WaitForExitAsync(Step);
        Report(vm);

        Assert.Multiple(() =>
        {
            Assert.That(app, Is.EqualTo("APP-READONLY"), vm.Transcript);
            Assert.That(File.Exists(Path.Combine(payload.Path, "should-fail")), Is.False);
            Assert.That(File.ReadAllText(data.File("hello.txt")), Does.StartWith("written in 6."));
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    [Test]
    public async Task A_forwarded_tcp_port_reaches_the_guest_and_arguments_and_environment_arrive()
    {
        using var payload = new GuestPayload();
        payload.AddScript("greet.sh", "echo \"hello over tcp from $FBD_GREETING\"\n");
        var run = payload.AddScript("serve.sh", """
            echo "ARGS $*"
            nc -l -p 8080 -e /app/greet.sh &
            pid=$!
            i=0
            while ! netstat -ltn | grep -q ':8080 ' && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
            echo LISTENING
            wait $pid
            """);

        await using var vm = await VmInstance.StartAsync(new VmOptions
        {
            AppDirectory = payload.Path,
            Command = run,
            Arguments = ["--Display:Framebuffer=/dev/fb0", "second"],
            Environment = new Dictionary<string, string> { ["FBD_GREETING"] = "the-guest" },
            Forwards = [new VmPortForward(VmProtocol.Tcp, 8080)],
        });
        await vm.WaitForLineAsync("LISTENING", Step);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, vm.HostPort(VmProtocol.Tcp, 8080));
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        var greeting = await reader.ReadLineAsync().WaitAsync(Step);
        var code = await vm.WaitForExitAsync(Step);
        Report(vm);

        Assert.Multiple(() =>
        {
            Assert.That(greeting, Is.EqualTo("hello over tcp from the-guest"), vm.Transcript);
            Assert.That(vm.SerialLines, Does.Contain("ARGS --Display:Framebuffer=/dev/fb0 second"), vm.Transcript);
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    [Test]
    public async Task A_self_contained_dotnet_program_runs_in_the_guest_and_fills_the_screen()
    {
        var app = await VmImage.PublishAsync("tests/FbDisplay.Vm.Probe/FbDisplay.Vm.Probe.csproj", "probe");

        await using var vm = await VmInstance.StartAsync(new VmOptions
        {
            AppDirectory = app,
            Command = "/app/FbDisplay.Vm.Probe",
            Arguments = ["c0ffee"],
        });
        var filled = await vm.WaitForLineAsync("PROBE fb0 filled", Step);
        var started = vm.Elapsed;
        var shot = await vm.WaitForScreenAsync(s => s[400, 240] == new Rgb(0xc0, 0xff, 0xee), TimeSpan.FromSeconds(5));
        var code = await vm.WaitForExitAsync(Step);
        Report(vm, $"probe done {(started - vm.TimeToReady).TotalSeconds:0.00} s after ready");

        Assert.Multiple(() =>
        {
            Assert.That(vm.SerialLines, Has.Some.StartsWith("PROBE runtime 10."), vm.Transcript);
            Assert.That(vm.SerialLines, Has.Some.EqualTo("PROBE openssl ok"), vm.Transcript);
            Assert.That(vm.SerialLines, Has.Some.StartsWith("PROBE udp bound"), vm.Transcript);
            Assert.That(filled, Does.StartWith("PROBE fb0 filled c0ffee 800x480 stride 3200"), vm.Transcript);
            Assert.That(shot[0, 0], Is.EqualTo(new Rgb(0xc0, 0xff, 0xee)));
            Assert.That(shot[799, 479], Is.EqualTo(new Rgb(0xc0, 0xff, 0xee)));
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    private static byte[] HexBetween(IReadOnlyList<string> lines, string begin, string end)
    {
        var bytes = new List<byte>();
        var inside = false;
        foreach (var line in lines)
        {
            if (line == begin)
            {
                inside = true;
            }
            else if (line == end)
            {
                break;
            }
            else if (inside)
            {
                foreach (var hex in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    bytes.Add(byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return [.. bytes];
    }

    private static void Report(VmInstance vm, string extra = "") =>
        TestContext.Out.WriteLine(
            $"VM: ready after {vm.TimeToReady.TotalSeconds:0.00} s (guest uptime {vm.GuestUptimeAtReady:0.00} s), "
            + $"whole cycle {vm.Elapsed.TotalSeconds:0.00} s {extra}");

    [GeneratedRegex(@"vcan0\s+650\s+\[2\]\s+C8 01")]
    private static partial Regex CandumpLine();
}
