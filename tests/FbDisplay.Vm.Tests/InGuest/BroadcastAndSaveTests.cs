using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FbDisplay.Vm.Tests.Harness;
using static FbDisplay.Vm.Tests.InGuest.MainScreenRegions;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// The controller's real path, as on a boat's Wi-Fi: fbdisplay-sim on this machine broadcasts to the subnet of a tap
/// device the fixture creates (10.213.N.0/24, this machine .1, the VM's second NIC .2), the app learns the controller
/// from the datagrams' source address, and a SAVE on the limits page, driven by touches, goes back over TCP to the
/// simulator's controller server, which changes the cutoffs it sends in 0x652. One VM boot for both tests; the tap
/// device is deleted afterwards, also when something fails.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BroadcastAndSaveTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ScreenTimeout = TimeSpan.FromSeconds(30);

    private TapDevice? _tap;
    private AppInVm? _app;
    private HostSimulator? _sim;
    private PpmImage? _waiting;
    private long _simStartedAt;

    private TapDevice Tap => _tap ?? throw new InvalidOperationException("no tap device");

    private AppInVm App => _app ?? throw new InvalidOperationException("the VM did not start");

    private HostSimulator Sim => _sim ?? throw new InvalidOperationException("the simulator did not start");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        try
        {
            _tap = TapDevice.Create();
            var controllerPort = FreeTcpPort(_tap.HostAddress);
            _app = await AppInVm.StartAsync(_tap, ["--Controller:Port=" + controllerPort.ToString(CultureInfo.InvariantCulture)]);
            await _app.WaitForWebAsync();
            _waiting = await _app.Vm.WaitForScreenAsync(IsWaitingMainScreen, ScreenTimeout);

            // Every 0.5 s a burst of 12 frames to 10.213.N.255:6500; settings accepted on the tap address only.
            _simStartedAt = TimeProvider.System.GetTimestamp();
            _sim = HostSimulator.Start(
                _app.AppDirectory,
                "--target", _tap.BroadcastAddress.ToString(), "--port", "6500", "--interval", "0.5", "--duration", "600", "--quiet",
                "--controller-port", controllerPort.ToString(CultureInfo.InvariantCulture), "--controller-bind", _tap.HostAddress.ToString());
            await _sim.WaitForLineAsync(l => l.StartsWith("controller settings on TCP port", StringComparison.Ordinal), Step);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        // Each step runs even when an earlier one throws: the tap device above all must go.
        try
        {
            try
            {
                if (_sim is not null)
                {
                    await _sim.DisposeAsync();
                }
            }
            finally
            {
                if (_app is not null)
                {
                    await _app.DisposeAsync();
                }
            }
        }
        finally
        {
            _tap?.Dispose();
            var left = TapDevice.SweepLeftovers(includeOwn: true);
            if (left.Count > 0)
            {
                await TestContext.Progress.WriteLineAsync("removed leftover tap devices: " + string.Join(", ", left));
            }
        }
    }

    [Test]
    [Order(1)]
    public async Task Subnet_broadcasts_from_the_host_simulator_through_a_tap_device_reach_the_status_and_the_screen()
    {
        var status = await PollStatusAsync(s => s["frames"]?["received"]?.GetValue<long>() >= 24);
        var live = await App.Vm.WaitForScreenAsync(IsLiveMainScreen, ScreenTimeout);
        var toScreen = TimeProvider.System.GetElapsedTime(_simStartedAt);
        AppInVm.Attach(live, "live");

        Report($"tap {Tap}, guest {Tap.GuestAddress}; simulator start to live main screen {toScreen.TotalSeconds:0.0} s; "
            + $"status frames {status["frames"]?.ToJsonString()}, controller {status["controllerIp"]}");
        Assert.Multiple(() =>
        {
            Assert.That(status["controllerIp"]?.GetValue<string>(), Is.EqualTo(Tap.HostAddress.ToString()), "learned from the broadcasts' source address");
            Assert.That(status["soc"]?.GetValue<double>(), Is.EqualTo(55).Within(1), "the simulator starts at 55 %");
            Assert.That(status["moduleCount"]?.GetValue<int>(), Is.EqualTo(8));
            Assert.That(status["cellsMv"]?.AsArray(), Has.Count.EqualTo(48));
            Assert.That(status["highCutoffVolts"]?.GetValue<double>(), Is.EqualTo(4.2).Within(0.001), "the simulator's own cutoff, from 0x652");
            Assert.That(status["frames"]?["rejected"]?.GetValue<long>(), Is.Zero);
            Assert.That(IsLiveMainScreen(live), Is.True, "the dial, kW and no waiting message\n" + App.Vm.Transcript);
            Assert.That(Kilowatts.Differences(live, _waiting!), Is.GreaterThan(300), "the kW number replaced the waiting screen");
        });
    }

    [Test]
    [Order(2)]
    public async Task A_SAVE_on_the_limits_page_reaches_the_simulators_controller_and_the_new_cutoff_comes_back_in_0x652()
    {
        // The controller must be known (learned from the broadcasts) and its cutoffs reported before the page opens.
        await PollStatusAsync(s => s["controllerIp"] is not null && s["highCutoffVolts"] is not null);

        await App.Vm.TapAsync(772, 28);
        var page = await App.Vm.WaitForScreenAsync(s => LimitsPage.IsShown(s) && LimitsPage.ThumbAt(s, 4.20f), Step);
        AppInVm.Attach(page, "limits");
        Assert.That(LimitsPage.IsShown(page) && LimitsPage.ThumbAt(page, 4.20f), Is.True,
            "the gear opens CONTROLLER LIMITS with the high cutoff at the 4.20 V the simulator reports\n" + App.Vm.Transcript);

        // A tap on the track sets the slider there: 4.00 V, 0.2 V below the simulator's cutoff (0x652 has 0.1 V steps).
        await App.Vm.TapAsync(LimitsPage.HighCutoffX(4.00f), LimitsPage.HighCutoffY);
        var edited = await App.Vm.WaitForScreenAsync(s => LimitsPage.ThumbAt(s, 4.00f) && LimitsPage.SaveIsPending(s), Step);
        AppInVm.Attach(edited, "edited");
        Assert.That(LimitsPage.ThumbAt(edited, 4.00f) && LimitsPage.SaveIsPending(edited), Is.True,
            "the thumb moved to 4.00 V and SAVE turned amber (a pending change)");

        var save = TimeProvider.System.GetTimestamp();
        await App.Vm.TapAsync(LimitsPage.Save.X + (LimitsPage.Save.Width / 2), LimitsPage.Save.Y + (LimitsPage.Save.Height / 2));
        var hcut = await Sim.WaitForLineAsync(l => l.StartsWith("controller: HCUT=", StringComparison.Ordinal), Step);
        var toController = TimeProvider.System.GetElapsedTime(save);
        await Sim.WaitForLineAsync(l => l.StartsWith("controller: CAPACITY=", StringComparison.Ordinal), Step);
        var status = await PollStatusAsync(s => s["highCutoffVolts"]?.GetValue<double>() is < 4.05);
        var toStatus = TimeProvider.System.GetElapsedTime(save);
        var toast = await App.Vm.WaitForScreenAsync(LimitsPage.ShowsSuccess, Step);
        AppInVm.Attach(toast, "saved");

        var applied = Sim.Lines.Where(l => l.StartsWith("controller: ", StringComparison.Ordinal)).ToList();
        Report($"SAVE tap to HCUT at the simulator {toController.TotalMilliseconds:0} ms, to 0x652 in /api/status "
            + $"{toStatus.TotalMilliseconds:0} ms; simulator applied: {string.Join("; ", applied)}");
        Assert.Multiple(() =>
        {
            Assert.That(hcut, Does.Match(@"^controller: HCUT=4(\.0+)? -> OK$"), "the new high cutoff, accepted");
            Assert.That(applied, Has.Count.EqualTo(7), "one line per limit, one SAVE");
            Assert.That(applied, Has.All.EndsWith("-> OK"));
            Assert.That(applied, Has.Some.Match(@"^controller: LCUT=3\.2 -> OK$"), "the unchanged low cutoff as reported");
            Assert.That(status["highCutoffVolts"]?.GetValue<double>(), Is.EqualTo(4.0).Within(0.001), "0x652 carries the new cutoff");
            Assert.That(status["lowCutoffVolts"]?.GetValue<double>(), Is.EqualTo(3.2).Within(0.001));
            Assert.That(LimitsPage.ShowsSuccess(toast), Is.True, "the toast reports success (green)");
        });

        // The app survived it all and stops cleanly.
        await App.CommandAsync("term");
        await App.WaitForLineAsync("SUPERVISOR-DONE", Step);
        Assert.That(await App.QuitAsync(), Is.Zero, App.Vm.Transcript);
    }

    private static int FreeTcpPort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private Task<JsonObject> PollStatusAsync(Func<JsonObject, bool> done) => App.WaitForStatusAsync(done, Step, Sim.Transcript + "\n");

    private void Report(string what)
    {
        var line = $"VM: ready after {App.Vm.TimeToReady.TotalSeconds:0.00} s; {what}";
        TestContext.Out.WriteLine(line);
        TestContext.Progress.WriteLine($"{TestContext.CurrentContext.Test.Name}: {line}");
    }

    /// <summary>
    /// Where LimitsSettingsPage (src/FbDisplay.Ui/Screens/LimitsSettingsPage.cs, SettingsPage.SliderRow, Slider) draws
    /// what this test touches and looks at. Copied, not referenced, like <see cref="MainScreenRegions"/>.
    /// </summary>
    private static class LimitsPage
    {
        /// <summary>The title "CONTROLLER LIMITS".</summary>
        public static readonly Region Title = new(84, 6, 380, 32);

        public static readonly Region Save = new(470, 6, 150, 56);

        /// <summary>The toast over the hint line at the bottom.</summary>
        public static readonly Region Toast = new(16, 426, 768, 48);

        /// <summary>Centre line of the first row (top 72, height 48).</summary>
        public const int HighCutoffY = 96;

        // The slider spans x 306-722 with 104 px of value text at the right; the track runs from
        // 306 + 13 + 3 to 722 - 104 - 13 - 12 (thumb radius and margins); 3.80-4.35 V.
        private const float TrackLeft = 322f;
        private const float TrackRight = 593f;
        private const float Minimum = 3.80f;
        private const float Maximum = 4.35f;

        public static int HighCutoffX(float volts) =>
            (int)MathF.Round(TrackLeft + ((volts - Minimum) / (Maximum - Minimum) * (TrackRight - TrackLeft)));

        public static bool IsShown(PpmImage s) =>
            Title.Count(s, IsWhite) > 200 && Save.Count(s, IsWhite) + Save.Count(s, IsAmber) > 100 && !IsLiveMainScreen(s) && !IsWaitingMainScreen(s);

        /// <summary>The white thumb (radius 13) sits at <paramref name="volts"/>: its centre and 8 px either side are white.</summary>
        public static bool ThumbAt(PpmImage s, float volts)
        {
            var x = HighCutoffX(volts);
            return IsWhite(s[x, HighCutoffY]) && IsWhite(s[x - 8, HighCutoffY]) && IsWhite(s[x + 8, HighCutoffY]) && IsWhite(s[x, HighCutoffY - 8]);
        }

        /// <summary>"SAVE •" in amber: the draft has changes.</summary>
        public static bool SaveIsPending(PpmImage s) => Save.Count(s, IsAmber) > 100;

        /// <summary>The toast's green edge (Theme.Charge) for a success.</summary>
        public static bool ShowsSuccess(PpmImage s) => Toast.Count(s, c => c.G > 170 && c.R < 100 && c.B < 130) > 50;
    }
}
