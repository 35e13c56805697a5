using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Status;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Mqtt;
using FbDisplay.Settings;
using FbDisplay.Simulator;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests;

/// <summary>SENDER and RECEIVER against a real Mosquitto (plain and TLS listeners).</summary>
[NonParallelizable]
public class MqttBrokerTests
{
    private MosquittoBroker _broker = null!;

    [OneTimeSetUp]
    public void StartBroker() => _broker = MosquittoBroker.Start();

    [OneTimeTearDown]
    public void StopBroker() => _broker?.Dispose();

    [SetUp]
    public void BrokerUp()
    {
        if (!_broker.IsRunning)
        {
            _broker.StartProcess();
        }
    }

    private static string NewBmsId() => "Bms" + Guid.NewGuid().ToString("N")[..8];

    private MqttOptions Options(MqttMode mode, string bmsId, string displayId, string? url = null, string certDir = "") => new()
    {
        Mode = mode,
        Url = url ?? _broker.PlainUrl,
        BmsId = bmsId,
        DisplayId = displayId,
        CertificateDirectory = certDir,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private static void Drain(MqttStatusSubscriber receiver, BatteryState into)
    {
        while (receiver.Statuses.TryRead(out RemoteStatus? s))
        {
            into.ApplyRemote(s, s.ReceivedTimestamp);
        }
    }

    [Test]
    public async Task A_sender_publishes_CompleteStatus_twice_a_second()
    {
        var display = new SimulatedDisplay();
        display.Step();
        string bms = NewBmsId();
        await using RawMqttClient sub = await RawMqttClient.ConnectAsync(_broker.PlainUrl, $"EVTV/{bms}/CompleteStatus");
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "garage"), display.Board, TimeProvider.System);
        sender.Start();

        await Eventually.TrueAsync(() => sub.Messages.Count >= 11, 10);

        long[] stamps = sub.Messages.Take(11).Select(m => m.Timestamp).ToArray();
        double seconds = (stamps[^1] - stamps[0]) / (double)Stopwatch.Frequency;
        double hz = 10 / seconds;
        TestContext.Out.WriteLine($"publish rate {hz:0.000} Hz over {seconds:0.00} s");
        Assert.That(hz, Is.InRange(1.8, 2.2));
        Assert.That(sender.State, Is.EqualTo(MqttConnectionState.Connected));
        Assert.That(sender.Published, Is.GreaterThanOrEqualTo(11));
        Assert.That(sender.PublishFailures, Is.Zero);
    }

    [Test]
    public async Task A_receiver_shows_what_the_sender_has_within_a_second()
    {
        var display = new SimulatedDisplay(modules: 8);
        display.Step();
        string bms = NewBmsId();
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "garage"), display.Board, TimeProvider.System);
        await using var receiver = new MqttStatusSubscriber(Options(MqttMode.Receiver, bms, "kitchen"), TimeProvider.System);
        sender.Start();
        receiver.Start();
        var remote = new BatteryState();
        await Eventually.TrueAsync(() =>
        {
            Drain(receiver, remote);
            return remote.HasAnyData;
        }, 10);

        // Change the sender's model and time how long the receiver takes to show it.
        display.Step();
        display.Step();
        float expectedSoc = display.State.SocPercent;
        float expectedAh = display.State.AmpHours;
        long changed = Stopwatch.GetTimestamp();
        await Eventually.TrueAsync(() =>
        {
            Drain(receiver, remote);
            return remote.SocPercent == expectedSoc && remote.AmpHours == expectedAh;
        }, 5);
        TimeSpan lag = Stopwatch.GetElapsedTime(changed);
        TestContext.Out.WriteLine($"receiver caught up in {lag.TotalMilliseconds:0} ms");
        Assert.That(lag, Is.LessThan(TimeSpan.FromSeconds(1)));

        BatteryState local = display.State;
        Assert.Multiple(() =>
        {
            Assert.That(remote.PackVolts, Is.EqualTo(local.PackVolts).Within(0.001));
            Assert.That(remote.PackCurrentAmps, Is.EqualTo(local.PackCurrentAmps).Within(0.001));
            Assert.That(remote.PowerWatts, Is.EqualTo(local.PowerWatts).Within(0.1));
            Assert.That(remote.MaxTemperatureC, Is.EqualTo(local.MaxTemperatureC));
            Assert.That(remote.MinTemperatureC, Is.EqualTo(local.MinTemperatureC));
            Assert.That(remote.LowCellMillivolts, Is.EqualTo(local.LowCellMillivolts));
            Assert.That(remote.HighCellMillivolts, Is.EqualTo(local.HighCellMillivolts));
            Assert.That(remote.AverageCellMillivolts, Is.EqualTo(local.AverageCellMillivolts));
            Assert.That(remote.MaxCellCount, Is.EqualTo(local.MaxCellCount));
            Assert.That(remote.HighCutoffVolts, Is.EqualTo(local.HighCutoffVolts).Within(0.001));
            Assert.That(remote.LowCutoffVolts, Is.EqualTo(local.LowCutoffVolts).Within(0.001));
            Assert.That(remote.ModuleCount, Is.EqualTo(8));
            Assert.That(remote.CellMillivolts.ToArray(), Is.EqualTo(local.CellMillivolts.ToArray()));
            Assert.That(remote.PreciseCurrentAmps, Is.EqualTo(local.PreciseCurrentAmps).Within(0.01));
            Assert.That(remote.ControllerFlags, Is.EqualTo(local.ControllerFlags));
            Assert.That(remote.FaultCode, Is.EqualTo(local.FaultCode));
            Assert.That(remote.ChargeCommandAmps, Is.EqualTo(local.ChargeCommandAmps).Within(0.05));
            Assert.That(remote.FrequencyShiftVolts, Is.EqualTo(local.FrequencyShiftVolts).Within(0.005));
            Assert.That(remote.ChargeCommand.HasValue && remote.ControllerStatus.HasValue, Is.True);
            long now = TimeProvider.System.GetTimestamp();
            Assert.That(remote.Pack.IsFresh(TimeProvider.System, now, BatteryState.StaleAfter), Is.True);
            Assert.That(remote.IsModuleFresh(TimeProvider.System, now, 7), Is.True);
        });
        Assert.That(receiver.RejectedTotal, Is.Zero);
    }

    [Test]
    public async Task Malformed_oversized_and_wrong_schema_messages_are_counted_and_ignored()
    {
        string bms = NewBmsId();
        await using var receiver = new MqttStatusSubscriber(Options(MqttMode.Receiver, bms, "kitchen"), TimeProvider.System);
        receiver.Start();
        await Eventually.TrueAsync(() => receiver.State == MqttConnectionState.Connected, 10);
        await using RawMqttClient pub = await RawMqttClient.ConnectAsync(_broker.PlainUrl);
        string topic = $"EVTV/{bms}/CompleteStatus";

        var display = new SimulatedDisplay();
        display.Step();
        var snapshot = new StatusSnapshot();
        display.Board.Read(snapshot);
        byte[] good = Json(snapshot, bms);
        string goodText = Encoding.UTF8.GetString(good);

        await pub.PublishAsync(topic, "not json {"u8.ToArray());
        await pub.PublishAsync(topic, good.AsSpan(0, good.Length / 2).ToArray()); // truncated
        await pub.PublishAsync(topic, Encoding.UTF8.GetBytes(goodText + " {}")); // trailing garbage
        await pub.PublishAsync(topic, Encoding.UTF8.GetBytes(goodText[..^1] + ",\"pad\":\"" + new string('x', 70_000) + "\"}")); // > 64 KB
        await pub.PublishAsync(topic, Encoding.UTF8.GetBytes(goodText.Replace("\"schema\":1", "\"schema\":2", StringComparison.Ordinal)));
        await pub.PublishAsync(topic, "{\"schema\":1}"u8.ToArray());
        await pub.PublishAsync(topic, "[1,2,3]"u8.ToArray());
        await pub.PublishAsync(topic, Encoding.UTF8.GetBytes(goodText.Replace("\"packVolts\":", "\"packVolts\":\"x\",\"was\":", StringComparison.Ordinal)));
        await pub.PublishAsync(topic, Encoding.UTF8.GetBytes(goodText.Replace("\"moduleCount\":4", "\"moduleCount\":41", StringComparison.Ordinal)));
        await pub.PublishAsync(topic, good);

        await Eventually.TrueAsync(() => receiver.Received == 10, 10);
        Assert.Multiple(() =>
        {
            Assert.That(receiver.Rejected(MqttRejectReason.Malformed), Is.EqualTo(3));
            Assert.That(receiver.Rejected(MqttRejectReason.Oversized), Is.EqualTo(1));
            Assert.That(receiver.Rejected(MqttRejectReason.WrongSchema), Is.EqualTo(5));
            Assert.That(receiver.Accepted, Is.EqualTo(1));
            Assert.That(receiver.State, Is.EqualTo(MqttConnectionState.Connected), "bad input never costs the connection");
        });
        Assert.That(receiver.Statuses.TryRead(out RemoteStatus? only), Is.True);
        Assert.That(only!.ModuleCount, Is.EqualTo(4));
        Assert.That(receiver.Statuses.TryRead(out _), Is.False);
    }

    [Test]
    public async Task Mosquitto_sub_sees_the_documented_json()
    {
        var display = new SimulatedDisplay(modules: 2);
        display.Step();
        string bms = NewBmsId();
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "garage"), display.Board, TimeProvider.System);
        sender.Start();

        string json = await Task.Run(() => MosquittoBroker.Run("mosquitto_sub", TimeSpan.FromSeconds(10),
            "-h", "127.0.0.1", "-p", _broker.PlainPort.ToString(CultureInfo.InvariantCulture), "-t", $"EVTV/{bms}/CompleteStatus", "-C", "1"));
        TestContext.Out.WriteLine(json);

        using JsonDocument doc = JsonDocument.Parse(json);
        string[] keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(keys, Is.EqualTo(new[]
        {
            "schema", "bmsId", "displayId", "timestamp", "hasData", "protocol", "soc", "packVolts", "currentAmps", "powerWatts", "ampHours",
            "maxTempC", "minTempC", "cellLowMv", "cellHighMv", "cellAvgMv", "maxCells", "activeCells", "highCutoffVolts", "lowCutoffVolts",
            "moduleCount", "cellsMv", "preciseCurrentAmps", "precisePowerWatts", "controller", "chargeCommand", "stale", "controllerIp", "frames", "temperatureUnit", "alarms",
        }));
        Assert.That(doc.RootElement.GetProperty("bmsId").GetString(), Is.EqualTo(bms));
        Assert.That(doc.RootElement.GetProperty("cellsMv").GetArrayLength(), Is.EqualTo(12));
        Assert.That(doc.RootElement.GetProperty("controllerIp").GetString(), Is.EqualTo("192.168.4.1"));
    }

    [Test]
    public async Task Settings_saved_on_a_receiver_reach_the_controller_through_the_sender_and_come_back()
    {
        var display = new SimulatedDisplay();
        display.Step();
        using var controller = new ControllerServer(display.Battery, 0, IPAddress.Loopback);
        controller.Start();
        using var link = new ControllerLink(new ControllerLinkOptions { Port = controller.Port }, () => IPAddress.Loopback, TimeProvider.System);
        string bms = NewBmsId();
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "garage"), display.Board, TimeProvider.System, link);
        await using var receiver = new MqttStatusSubscriber(Options(MqttMode.Receiver, bms, "kitchen"), TimeProvider.System);
        await using RawMqttClient watch = await RawMqttClient.ConnectAsync(_broker.PlainUrl, $"EVTV/{bms}/SettingsResult");
        sender.Start();
        receiver.Start();
        await Eventually.TrueAsync(() => sender.State == MqttConnectionState.Connected && receiver.State == MqttConnectionState.Connected, 10);

        ControllerSendResult result = await receiver.SendAsync([new(ControllerSetting.HighCellCutoff, 4.1), new(ControllerSetting.LowCellCutoff, 2.9)]);

        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.Sent), result.Describe());
        Assert.That(result.Acks.Select(a => a.WireName), Is.EqualTo(new[] { "HCUT", "LCUT" }));
        Assert.That(display.Battery.HighCutoffVolts, Is.EqualTo(4.1f));
        Assert.That(sender.SettingsRelayed, Is.EqualTo(1));
        Assert.That(watch.Messages.Single().Topic, Is.EqualTo($"EVTV/{bms}/SettingsResult"));

        // ... and the new cutoffs come back to the receiver in the 0x652 data.
        display.Step();
        var remote = new BatteryState();
        await Eventually.TrueAsync(() =>
        {
            Drain(receiver, remote);
            return Math.Abs(remote.HighCutoffVolts - 4.1f) < 0.001f && Math.Abs(remote.LowCutoffVolts - 2.9f) < 0.001f;
        }, 5);
    }

    [Test]
    public async Task A_receiver_without_a_sender_reports_a_time_out()
    {
        string bms = NewBmsId();
        await using var receiver = new MqttStatusSubscriber(Options(MqttMode.Receiver, bms, "kitchen") with { SettingsTimeout = TimeSpan.FromMilliseconds(500) }, TimeProvider.System);
        receiver.Start();
        await Eventually.TrueAsync(() => receiver.State == MqttConnectionState.Connected, 10);
        ControllerSendResult result = await receiver.SendAsync([new(ControllerSetting.HighCellCutoff, 4.1)]);
        Assert.That(result.Outcome, Is.EqualTo(ControllerSendOutcome.TimedOut));
        Assert.That(result.Reason, Does.Contain(bms));
    }

    [Test]
    public async Task Both_survive_a_broker_restart_and_data_flows_again()
    {
        var display = new SimulatedDisplay();
        display.Step();
        string bms = NewBmsId();
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "garage"), display.Board, TimeProvider.System);
        await using var receiver = new MqttStatusSubscriber(Options(MqttMode.Receiver, bms, "kitchen"), TimeProvider.System);
        sender.Start();
        receiver.Start();
        await Eventually.TrueAsync(() => receiver.Accepted > 0, 10);

        _broker.Kill();
        await Eventually.TrueAsync(() => sender.State != MqttConnectionState.Connected && receiver.State != MqttConnectionState.Connected, 5);
        Assert.That(sender.LastError, Is.Not.Null);
        await Task.Delay(1500); // the broker stays away long enough for a retry or two to fail
        long accepted = receiver.Accepted;
        long restarted = Stopwatch.GetTimestamp();
        _broker.StartProcess();

        await Eventually.TrueAsync(() => receiver.Accepted > accepted, 20);
        TimeSpan back = Stopwatch.GetElapsedTime(restarted);
        TestContext.Out.WriteLine($"data flowing again {back.TotalMilliseconds:0} ms after the broker restarted; " +
            $"sender attempts failed {sender.Connection.FailedAttempts}, receiver {receiver.Connection.FailedAttempts}");
        Assert.That(sender.Connection.Connects, Is.EqualTo(2));
        Assert.That(receiver.Connection.Connects, Is.EqualTo(2));
        Assert.That(back, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Tls_with_the_right_client_certificate_connects_and_carries_the_status()
    {
        using var certs = new TempDirectory("mqtt-certs");
        File.Copy(_broker.ClientCert, certs.File(MqttOptions.CertificateFileName));
        File.Copy(_broker.ClientKey, certs.File(MqttOptions.KeyFileName));
        File.Copy(_broker.CaCert, certs.File(MqttOptions.CaFileName));

        // aws_url as the BATTERY drive brings it: a bare host (TLS) when Mqtt:Url is empty.
        File.WriteAllText(certs.File(MqttOptions.UrlFileName), $"127.0.0.1:{_broker.TlsPort.ToString(CultureInfo.InvariantCulture)}\n");
        var display = new SimulatedDisplay();
        display.Step();
        string bms = NewBmsId();
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "garage", url: "", certDir: certs.Path), display.Board, TimeProvider.System);
        await using var receiver = new MqttStatusSubscriber(Options(MqttMode.Receiver, bms, "kitchen", url: _broker.TlsUrl, certDir: certs.Path), TimeProvider.System);
        sender.Start();
        receiver.Start();

        await Eventually.TrueAsync(() => receiver.Accepted > 0, 10);
        Assert.That(sender.Connection.Endpoint, Is.EqualTo(new MqttEndpoint("127.0.0.1", _broker.TlsPort, true)));
    }

    [Test]
    public async Task Tls_without_a_client_certificate_or_with_one_from_another_ca_is_refused()
    {
        using var none = new TempDirectory("mqtt-none");
        File.Copy(_broker.CaCert, none.File(MqttOptions.CaFileName));
        using var other = new TempDirectory("mqtt-other");
        File.Copy(_broker.OtherClientCert, other.File(MqttOptions.CertificateFileName));
        File.Copy(_broker.OtherClientKey, other.File(MqttOptions.KeyFileName));
        File.Copy(_broker.CaCert, other.File(MqttOptions.CaFileName));
        var board = new StatusBoard();
        string bms = NewBmsId();
        await using var noCert = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "a", _broker.TlsUrl, none.Path), board, TimeProvider.System);
        await using var wrongCert = new MqttStatusPublisher(Options(MqttMode.Sender, bms, "b", _broker.TlsUrl, other.Path), board, TimeProvider.System);
        noCert.Start();
        wrongCert.Start();

        await Eventually.TrueAsync(() => noCert.Connection.FailedAttempts >= 2 && wrongCert.Connection.FailedAttempts >= 2, 10);
        TestContext.Out.WriteLine($"no certificate: {noCert.LastError}\nother CA: {wrongCert.LastError}");
        Assert.That(noCert.Connection.Connects, Is.Zero);
        Assert.That(wrongCert.Connection.Connects, Is.Zero);
        Assert.That(noCert.LastError, Is.Not.Null.And.Not.Empty);
        Assert.That(wrongCert.LastError, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task A_broker_whose_certificate_does_not_chain_to_the_configured_ca_is_never_accepted()
    {
        using var certs = new TempDirectory("mqtt-untrusted");
        File.Copy(_broker.ClientCert, certs.File(MqttOptions.CertificateFileName));
        File.Copy(_broker.ClientKey, certs.File(MqttOptions.KeyFileName));
        File.Copy(_broker.OtherCaCert, certs.File(MqttOptions.CaFileName));
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, NewBmsId(), "c", _broker.TlsUrl, certs.Path), new StatusBoard(), TimeProvider.System);
        sender.Start();

        await Eventually.TrueAsync(() => sender.Connection.FailedAttempts >= 2, 10);
        TestContext.Out.WriteLine(sender.LastError);
        Assert.That(sender.Connection.Connects, Is.Zero);
        Assert.That(sender.LastError, Does.Contain("certificate").IgnoreCase);
    }

    [Test]
    public async Task A_missing_key_file_is_reported_by_name()
    {
        using var certs = new TempDirectory("mqtt-nokey");
        File.Copy(_broker.ClientCert, certs.File(MqttOptions.CertificateFileName));
        await using var sender = new MqttStatusPublisher(Options(MqttMode.Sender, NewBmsId(), "d", _broker.TlsUrl, certs.Path), new StatusBoard(), TimeProvider.System);
        sender.Start();
        await Eventually.TrueAsync(() => sender.LastError is not null, 5);
        Assert.That(sender.LastError, Does.Contain(MqttOptions.KeyFileName));
    }

    private static byte[] Json(StatusSnapshot s, string bms)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            s.WriteJson(w, bms, "test");
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Home Assistant discovery from a SENDER.</summary>
[NonParallelizable]
public class HomeAssistantDiscoveryTests
{
    [Test]
    public async Task A_sender_announces_its_sensors_retained_and_again_when_home_assistant_comes_online()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        var display = new SimulatedDisplay();
        display.Step();
        string bms = "601MorganOak";
        var options = new MqttOptions { Mode = MqttMode.Sender, Url = broker.PlainUrl, BmsId = bms, DisplayId = "garage", HomeAssistantDiscovery = true };
        await using var sender = new MqttStatusPublisher(options, display.Board, TimeProvider.System);
        sender.Start();
        await Eventually.TrueAsync(() => sender.DiscoveryPublished == 1, 10);

        // A client that connects later still gets the configs: they are retained.
        await using RawMqttClient ha = await RawMqttClient.ConnectAsync(broker.PlainUrl, "homeassistant/sensor/#", "homeassistant/binary_sensor/#", $"EVTV/{bms}/CompleteStatus");
        const int configs = 9 + 2 + 2 + 3 + AlarmKinds.Count; // measurements, energy in and out, TCCH and fault code, charge/heat/USB, one problem sensor per alarm
        await Eventually.TrueAsync(() => ha.Messages.Count(m => m.Topic.EndsWith("/config", StringComparison.Ordinal)) == configs, 5);
        (long _, string topic, byte[] payload) = ha.Messages.First(m => m.Topic.EndsWith("/soc/config", StringComparison.Ordinal));
        Assert.That(topic, Is.EqualTo("homeassistant/sensor/fbdisplay_601MorganOak/soc/config"));
        using (JsonDocument config = JsonDocument.Parse(payload))
        {
            Assert.That(config.RootElement.GetProperty("state_topic").GetString(), Is.EqualTo($"EVTV/{bms}/CompleteStatus"));
            Assert.That(config.RootElement.GetProperty("value_template").GetString(), Is.EqualTo("{{ value_json.soc }}"));
        }

        // Every template names a field the status really has.
        await Eventually.TrueAsync(() => ha.Messages.Any(m => m.Topic.StartsWith("EVTV/", StringComparison.Ordinal)), 5);
        using JsonDocument status = JsonDocument.Parse(ha.Messages.First(m => m.Topic.StartsWith("EVTV/", StringComparison.Ordinal)).Payload);
        foreach ((long _, string t, byte[] p) in ha.Messages.Where(m => m.Topic.EndsWith("/config", StringComparison.Ordinal) && !m.Topic.Contains("/energy_", StringComparison.Ordinal) && !m.Topic.Contains("/alarm_", StringComparison.Ordinal)))
        {
            using JsonDocument c = JsonDocument.Parse(p);
            string template = c.RootElement.GetProperty("value_template").GetString()!;
            string after = template[(template.IndexOf("value_json.", StringComparison.Ordinal) + "value_json.".Length)..];
            string path = new(after.TakeWhile(ch => char.IsAsciiLetter(ch) || ch == '.').ToArray());
            JsonElement e = status.RootElement;
            foreach (string part in path.Split('.'))
            {
                Assert.That(e.TryGetProperty(part, out e), Is.True, $"{t}: {path}");
            }
        }

        // Energy: kWh totals that only grow, for the energy dashboard. Alarms: problem sensors over alarms.raised.
        using (JsonDocument energy = JsonDocument.Parse(ha.Messages.First(m => m.Topic.EndsWith("/energy_in/config", StringComparison.Ordinal)).Payload))
        {
            Assert.That(energy.RootElement.GetProperty("state_class").GetString(), Is.EqualTo("total_increasing"));
            Assert.That(energy.RootElement.GetProperty("unit_of_measurement").GetString(), Is.EqualTo("kWh"));
            Assert.That(energy.RootElement.GetProperty("value_template").GetString(), Does.Contain("value_json.energy.totalInKWh"));
        }

        using (JsonDocument alarm = JsonDocument.Parse(ha.Messages.First(m => m.Topic == "homeassistant/binary_sensor/fbdisplay_601MorganOak/alarm_cell_high/config").Payload))
        {
            Assert.That(alarm.RootElement.GetProperty("device_class").GetString(), Is.EqualTo("problem"));
            Assert.That(alarm.RootElement.GetProperty("value_template").GetString(), Does.Contain("'cell_high' in value_json.alarms.raised"));
        }

        Assert.That(status.RootElement.GetProperty("alarms").GetProperty("raised").ValueKind, Is.EqualTo(JsonValueKind.Array));

        await ha.PublishAsync(HomeAssistantDiscovery.StatusTopic, "online"u8.ToArray());
        await Eventually.TrueAsync(() => sender.DiscoveryPublished == 2, 5);
        await Eventually.TrueAsync(() => ha.Messages.Count(m => m.Topic.EndsWith("/config", StringComparison.Ordinal)) == 2 * configs, 5);
    }
}
