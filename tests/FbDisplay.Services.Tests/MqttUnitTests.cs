using System.Buffers;
using System.Text.Json;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Status;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Mqtt;
using FbDisplay.Settings;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Configuration;

namespace FbDisplay.Services.Tests;

/// <summary>MQTT parts that need no broker: URLs, options, backoff, the status and settings JSON.</summary>
public class MqttUnitTests
{
    [TestCase("mqtt://broker.local", "broker.local", 1883, false)]
    [TestCase("mqtt://10.0.0.5:1884", "10.0.0.5", 1884, false)]
    [TestCase("mqtts://homeassistant:8884/", "homeassistant", 8884, true)]
    [TestCase("a2718fm89xva84-ats.iot.us-east-1.amazonaws.com", "a2718fm89xva84-ats.iot.us-east-1.amazonaws.com", 8883, true)]
    [TestCase("  ssl://h  ", "h", 8883, true)]
    public void Broker_urls_give_host_port_and_tls(string url, string host, int port, bool tls) =>
        Assert.That(MqttOptions.ParseUrl(url), Is.EqualTo(new MqttEndpoint(host, port, tls)));

    [TestCase("http://x")]
    [TestCase("mqtt://")]
    [TestCase("mqtt://h:99999")]
    [TestCase("mqtt://h/path")]
    public void Bad_broker_urls_say_what_is_wrong(string url) =>
        Assert.That(() => MqttOptions.ParseUrl(url), Throws.TypeOf<MqttConfigurationException>().With.Message.Contains("Broker URL"));

    [Test]
    public void Without_a_url_the_aws_url_file_names_the_broker()
    {
        using var dir = new TempDirectory();
        var o = new MqttOptions { CertificateDirectory = dir.Path };
        Assert.That(() => o.ResolveEndpoint(), Throws.TypeOf<MqttConfigurationException>().With.Message.Contains("aws_url"));
        File.WriteAllText(dir.File("aws_url"), "\na2718fm89xva84-ats.iot.us-east-1.amazonaws.com\r\n");
        Assert.That(o.ResolveEndpoint(), Is.EqualTo(new MqttEndpoint("a2718fm89xva84-ats.iot.us-east-1.amazonaws.com", 8883, true)));
    }

    [Test]
    public void Options_come_from_settings_and_a_bad_bms_id_turns_mqtt_off_with_a_reason()
    {
        var values = new Dictionary<string, string?>
        {
            ["Mqtt:Mode"] = "receiver",
            ["Mqtt:Url"] = "mqtt://10.0.0.2",
            ["Mqtt:BmsId"] = "601MorganOak",
            ["Mqtt:DisplayId"] = "Bedroom1",
        };
        MqttOptions o = MqttOptions.Read(new SettingsReader(values), "/data");
        Assert.That((o.Mode, o.BmsId, o.DisplayId, o.CertificateDirectory), Is.EqualTo((MqttMode.Receiver, "601MorganOak", "Bedroom1", "/data")));
        Assert.That(o.StatusTopic, Is.EqualTo("EVTV/601MorganOak/CompleteStatus"));
        Assert.That(o.SettingsTopic, Is.EqualTo("EVTV/601MorganOak/Settings"));

        values["Mqtt:BmsId"] = "a/#";
        var settings = new SettingsReader(values);
        Assert.That(MqttOptions.Read(settings, "/data").Mode, Is.EqualTo(MqttMode.Off));
        Assert.That(settings.Problems.Messages, Has.Some.Contains("Mqtt:BmsId = 'a/#'").And.Some.EndsWith("MQTT is off."));
    }

    [Test]
    public void Backoff_doubles_from_one_second_to_a_minute()
    {
        TimeSpan[] delays = Enumerable.Range(1, 9).Select(n => MqttConnection.BackoffDelay(n, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))).ToArray();
        Assert.That(delays.Select(d => d.TotalSeconds), Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
        Assert.That(MqttConnection.BackoffDelay(1000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public async Task A_client_retries_an_absent_broker_on_the_backoff_schedule_forever()
    {
        var time = new ManualTimeProvider();
        var options = new MqttOptions { Url = $"mqtt://127.0.0.1:{FreePort.Tcp()}", BmsId = "b", DisplayId = "d" };
        await using var connection = new MqttConnection(options, "d", time, (_, _) => Task.CompletedTask);
        connection.Start();
        await Eventually.TrueAsync(() => connection.FailedAttempts == 1);
        Assert.That(connection.LastError, Does.Contain("127.0.0.1"));
        foreach (int seconds in new[] { 1, 2, 4, 8, 16, 32, 60, 60 })
        {
            long before = connection.FailedAttempts;
            await Task.Delay(100); // let the loop park in its delay
            time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            await Task.Delay(100);
            Assert.That(connection.FailedAttempts, Is.EqualTo(before), $"no attempt before {seconds} s");
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.TrueAsync(() => connection.FailedAttempts == before + 1);
        }

        Assert.That(connection.State, Is.Not.EqualTo(MqttConnectionState.Connected));
    }

    [Test]
    public void A_status_round_trips_through_the_json_and_lands_in_the_model_with_local_stamps()
    {
        var display = new SimulatedDisplay(modules: 3);
        display.Step();
        var snapshot = new StatusSnapshot();
        display.Board.Read(snapshot);
        byte[] json = Write(snapshot);

        var status = new RemoteStatus();
        Assert.That(RemoteStatus.TryRead(json, status), Is.EqualTo(StatusJsonError.None));
        var time = new ManualTimeProvider();
        var remote = new BatteryState();
        remote.ApplyRemote(status, time.GetTimestamp());

        Assert.That(remote.SocPercent, Is.EqualTo(display.State.SocPercent));
        Assert.That(remote.CellMillivolts.ToArray(), Is.EqualTo(display.State.CellMillivolts.ToArray()));
        Assert.That(remote.Pack.IsFresh(time, time.GetTimestamp(), BatteryState.StaleAfter), Is.True);
        time.Advance(BatteryState.StaleAfter + TimeSpan.FromSeconds(1));
        Assert.That(remote.Pack.IsFresh(time, time.GetTimestamp(), BatteryState.StaleAfter), Is.False, "goes stale when messages stop");
    }

    [Test]
    public void Groups_the_sender_marks_stale_are_not_refreshed_here()
    {
        var display = new SimulatedDisplay();
        display.Step();
        var snapshot = new StatusSnapshot();
        display.Board.Read(snapshot);
        string json = System.Text.Encoding.UTF8.GetString(Write(snapshot)).Replace("\"pack\":false", "\"pack\":true", StringComparison.Ordinal);
        var status = new RemoteStatus();
        Assert.That(RemoteStatus.TryRead(System.Text.Encoding.UTF8.GetBytes(json), status), Is.EqualTo(StatusJsonError.None));
        var remote = new BatteryState();
        remote.ApplyRemote(status, 5);
        Assert.That(remote.Pack.HasValue, Is.False);
        Assert.That(remote.Soc.HasValue, Is.True);
    }

    [Test]
    public void Settings_messages_round_trip()
    {
        var request = new SettingsRequest("id1", "kitchen", [new(ControllerSetting.HighCellCutoff, 4.1), new(ControllerSetting.PackCapacityAh, 464)]);
        SettingsRequest? back = SettingsMessages.ReadRequest(new ReadOnlySequence<byte>(SettingsMessages.WriteRequest(request)));
        Assert.That(back!.Settings, Is.EqualTo(request.Settings));
        Assert.That((back.RequestId, back.From), Is.EqualTo(("id1", "kitchen")));

        var result = new ControllerSendResult(ControllerSendOutcome.PartiallyAccepted, "unknown key CAPACITY",
            [new(ControllerSetting.HighCellCutoff, "HCUT", "4.1", true, null), new(ControllerSetting.PackCapacityAh, "CAPACITY", "464", false, "unknown key CAPACITY")]);
        SettingsResultMessage? r = SettingsMessages.ReadResult(new ReadOnlySequence<byte>(SettingsMessages.WriteResult(new SettingsResultMessage("id1", "kitchen", "garage", result))));
        Assert.That(r!.Result.Outcome, Is.EqualTo(result.Outcome));
        Assert.That(r.Result.Acks, Is.EqualTo(result.Acks));

        Assert.That(SettingsMessages.ReadRequest(new ReadOnlySequence<byte>("{\"schema\":1,\"requestId\":\"x\",\"from\":\"y\",\"settings\":{\"SelfDestruct\":1}}"u8.ToArray())), Is.Null);
        Assert.That(SettingsMessages.ReadRequest(new ReadOnlySequence<byte>("nope"u8.ToArray())), Is.Null);
    }

    private static byte[] Write(StatusSnapshot s)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            s.WriteJson(w, "601MorganOak", "garage");
        }

        return buffer.WrittenSpan.ToArray();
    }
}
