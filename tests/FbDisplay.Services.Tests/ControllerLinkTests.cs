using System.Net;
using System.Net.Sockets;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Udp;
using FbDisplay.Settings;
using FbDisplay.Simulator;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Configuration;

namespace FbDisplay.Services.Tests;

public class ControllerLinkTests
{
    private static readonly ControllerSettingValue[] Cutoffs =
    [
        new(ControllerSetting.HighCellCutoff, 4.1),
        new(ControllerSetting.LowCellCutoff, 3.05),
    ];

    [Test]
    public async Task A_save_reaches_the_simulated_controller_and_comes_back_in_the_0x652_frames()
    {
        var battery = new BatterySimulator(modules: 2);
        using var server = new ControllerServer(battery, 0, IPAddress.Loopback);
        server.Start();
        using var link = new ControllerLink(new ControllerLinkOptions { Port = server.Port }, () => IPAddress.Loopback, TimeProvider.System);

        ControllerSendResult result = await link.SendAsync(Cutoffs);

        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.Sent), result.Describe());
        Assert.That(result.Acks.Select(a => (a.WireName, a.Value, a.Accepted)), Is.EqualTo(new[] { ("HCUT", "4.1", true), ("LCUT", "3.05", true) }));
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        var frames = new List<CanFrame>();
        battery.WriteFrames(frames);
        foreach (CanFrame f in frames)
        {
            decoder.Apply(f, 1);
        }

        Assert.That(state.HighCutoffVolts, Is.EqualTo(4.1f).Within(0.06f));
        Assert.That(state.LowCutoffVolts, Is.EqualTo(3.05f).Within(0.06f));
        Assert.That(link.LastResult, Is.SameAs(result));
    }

    [Test]
    public async Task A_save_to_the_simulator_process_changes_the_cutoffs_it_broadcasts_over_udp()
    {
        int udpPort = FreePort.Udp();
        int tcpPort = FreePort.Tcp();
        var counters = new FrameCounters();
        var channel = FrameChannel.Create(counters, capacity: 4096);
        using var udp = new UdpCanSource(udpPort, channel.Writer, counters, TimeProvider.System);
        udp.Start();
        using ChildProcess sim = ChildProcess.StartDll("fbdisplay-sim.dll",
            ["--target", "127.0.0.1", "--port", udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--interval", "0.2", "--modules", "2",
             "--quiet", "--controller-port", tcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "60"]);
        await sim.WaitForLineAsync("controller settings on TCP port", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => udp.LastSourceAddress is not null, 10);

        // The address comes from UDP, as on the appliance.
        using var link = new ControllerLink(new ControllerLinkOptions { Port = tcpPort }, () => udp.LastSourceAddress, TimeProvider.System);
        ControllerSendResult result = await link.SendAsync(Cutoffs);
        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.Sent), result.Describe());

        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, counters);
        await Eventually.TrueAsync(() =>
        {
            while (channel.Reader.TryRead(out ReceivedFrame f))
            {
                decoder.Apply(f.Frame, f.Timestamp);
            }

            return Math.Abs(state.HighCutoffVolts - 4.1f) < 0.06f && Math.Abs(state.LowCutoffVolts - 3.05f) < 0.06f;
        }, 10);
        Assert.That(sim.Output, Does.Contain("controller: HCUT=4.1 -> OK"));
    }

    [Test]
    public async Task Settings_the_controller_refuses_are_reported_with_its_reasons()
    {
        var battery = new BatterySimulator(modules: 1);
        using var server = new ControllerServer(battery, 0, IPAddress.Loopback);
        server.Start();
        using var link = new ControllerLink(new ControllerLinkOptions { Port = server.Port }, () => IPAddress.Loopback, TimeProvider.System);

        // The simulator refuses a high cutoff below its low cutoff (3.2 V).
        ControllerSendResult result = await link.SendAsync([new(ControllerSetting.HighCellCutoff, 3.1)]);

        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.Refused));
        Assert.That(result.Reason, Does.Contain("above LCUT"));
        Assert.That(battery.HighCutoffVolts, Is.EqualTo(4.2f));
    }

    [Test]
    public async Task A_partly_accepted_save_lists_which_settings_failed_and_the_wire_names_are_configurable()
    {
        var battery = new BatterySimulator(modules: 1);
        using var server = new ControllerServer(battery, 0, IPAddress.Loopback);
        server.Start();
        var names = new Dictionary<ControllerSetting, string>(ControllerLinkOptions.DefaultWireNames) { [ControllerSetting.PackCapacityAh] = "CAPAH" };
        using var link = new ControllerLink(new ControllerLinkOptions { Port = server.Port, WireNames = names }, () => IPAddress.Loopback, TimeProvider.System);

        ControllerSendResult result = await link.SendAsync([new(ControllerSetting.HighCellCutoff, 4.05), new(ControllerSetting.PackCapacityAh, 464)]);

        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.PartiallyAccepted));
        Assert.That(result.Acks[0].Accepted, Is.True);
        Assert.That(result.Acks[1], Is.EqualTo(new ControllerSettingAck(ControllerSetting.PackCapacityAh, "CAPAH", "464", false, "unknown key CAPAH")));
        Assert.That(result.Describe(), Does.Contain("1 of 2 accepted"));
        Assert.That(battery.HighCutoffVolts, Is.EqualTo(4.05f));
    }

    [Test]
    public async Task Out_of_range_values_are_refused_before_anything_is_sent()
    {
        using var link = new ControllerLink(new ControllerLinkOptions { Port = 1 }, () => IPAddress.Loopback, TimeProvider.System);
        ControllerSendResult result = await link.SendAsync([new(ControllerSetting.HighCellCutoff, 5.5), new(ControllerSetting.LowCellCutoff, double.NaN)]);
        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.Refused));
        Assert.That(result.Acks[0].Error, Does.Contain("out of range"));
        Assert.That(result.Acks[1].Error, Is.EqualTo("not a number"));
    }

    [Test]
    public async Task Without_an_address_the_result_says_no_controller_is_known()
    {
        using var link = new ControllerLink(new ControllerLinkOptions(), () => null, TimeProvider.System);
        ControllerSendResult result = await link.SendAsync(Cutoffs);
        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.NoControllerKnown));
    }

    [Test]
    public async Task A_configured_address_wins_over_the_learned_one_and_a_closed_port_is_unreachable()
    {
        int closed = FreePort.Tcp();
        var options = new ControllerLinkOptions { Address = IPAddress.Loopback, Port = closed };
        using var link = new ControllerLink(options, () => IPAddress.Parse("192.0.2.1"), TimeProvider.System);
        Assert.That(link.CurrentAddress, Is.EqualTo(IPAddress.Loopback));
        ControllerSendResult result = await link.SendAsync(Cutoffs);
        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.Unreachable), result.Describe());
        Assert.That(result.Reason, Does.Contain("127.0.0.1:" + closed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task A_controller_that_never_answers_times_out()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new ControllerLinkOptions { Port = port, ReplyTimeout = TimeSpan.FromMilliseconds(300) };
        using var link = new ControllerLink(options, () => IPAddress.Loopback, TimeProvider.System);

        long started = TimeProvider.System.GetTimestamp();
        ControllerSendResult result = await link.SendAsync(Cutoffs);

        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.TimedOut));
        Assert.That(result.Acks[1].Error, Does.StartWith("not sent"));
        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task A_controller_that_hangs_up_after_one_answer_gives_a_partial_result()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using Socket s = await listener.AcceptSocketAsync();
            var buf = new byte[64];
            _ = await s.ReceiveAsync(buf);
            await s.SendAsync("OK\n"u8.ToArray());
            _ = await s.ReceiveAsync(buf);
            s.Close();
        });
        using var link = new ControllerLink(new ControllerLinkOptions { Port = port }, () => IPAddress.Loopback, TimeProvider.System);

        ControllerSendResult result = await link.SendAsync(Cutoffs);
        await serve;

        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.PartiallyAccepted));
        Assert.That(result.Acks[1].Error, Does.Contain("closed").Or.Contain("broke"));
    }

    [Test]
    public void Options_read_address_port_and_wire_names_and_report_bad_values()
    {
        var config = new SettingsReader(new Dictionary<string, string?>
        {
            ["Controller:Address"] = "192.168.4.1",
            ["Controller:Port"] = "7000",
            ["Controller:Names:HighCellCutoff"] = "HIGHV",
            ["Controller:Names:LowCellCutoff"] = "LOW V",
            ["Controller:Names:Bogus"] = "X",
        });
        ControllerLinkOptions o = ControllerLinkOptions.Read(config);
        config.ReportUnknownKeys();
        IReadOnlyList<string> problems = config.Problems.Messages;
        Assert.That(o.Address, Is.EqualTo(IPAddress.Parse("192.168.4.1")));
        Assert.That(o.Port, Is.EqualTo(7000));
        Assert.That(o.WireNames[ControllerSetting.HighCellCutoff], Is.EqualTo("HIGHV"));
        Assert.That(o.WireNames[ControllerSetting.LowCellCutoff], Is.EqualTo("LCUT"));
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems, Has.Some.Contains("Controller:Names:LowCellCutoff = 'LOW V'").And.Some.Contains("Controller:Names:Bogus is not a setting"));
    }
}
