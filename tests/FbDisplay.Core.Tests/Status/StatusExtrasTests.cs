using System.Buffers;
using System.Text.Json;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Energy;
using FbDisplay.Core.Status;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests.Status;

/// <summary>Alarms, energy and the estimate in the CompleteStatus document (docs/status-json.md).</summary>
public sealed class StatusExtrasTests
{
    private static byte[] Document(in StatusExtras extras)
    {
        var time = new ManualTimeProvider();
        var decoder = new BatteryDecoder(new BatteryState(), new FrameCounters());
        decoder.Apply(BatteryFrameEncoder.Pack(12f, 52.1f, -20f, 30, 25), time.GetTimestamp());
        decoder.Apply(BatteryFrameEncoder.Soc(64f), time.GetTimestamp());
        var board = new StatusBoard();
        board.Publish(decoder.State, decoder.Counters, time, 0, extras);
        var snapshot = new StatusSnapshot();
        board.Read(snapshot);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            snapshot.WriteJson(w, "601MorganOak", "garage");
        }

        return buffer.WrittenSpan.ToArray();
    }

    [Test]
    public void Alarms_energy_and_the_estimate_are_in_the_document()
    {
        var energy = new EnergyTotals(new DateOnly(2026, 11, 24), 12_345.6, 2_000, 18_000, 16_500.25, 4_000_000, 3_900_000, 1);
        var extras = new StatusExtras(AlarmSet.SocLow | AlarmSet.MqttDown, AlarmSet.MqttDown, energy, BatteryEstimate.Compute(64f, 232f, 12f));
        using JsonDocument doc = JsonDocument.Parse(Document(extras));
        JsonElement root = doc.RootElement;
        Assert.That(root.GetProperty("alarms").GetProperty("raised").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "soc_low", "mqtt_down" }));
        Assert.That(root.GetProperty("alarms").GetProperty("unacknowledged").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "mqtt_down" }));
        JsonElement e = root.GetProperty("energy");
        Assert.That(e.GetProperty("day").GetString(), Is.EqualTo("2026-11-24"));
        Assert.That(e.GetProperty("todayInKWh").GetDouble(), Is.EqualTo(12.346));
        Assert.That(e.GetProperty("yesterdayOutKWh").GetDouble(), Is.EqualTo(16.5));
        Assert.That(e.GetProperty("totalInKWh").GetDouble(), Is.EqualTo(4000));
        JsonElement estimate = root.GetProperty("estimate");
        Assert.That(estimate.GetProperty("to").GetString(), Is.EqualTo("full"));
        Assert.That(estimate.GetProperty("minutes").GetDouble(), Is.EqualTo(Math.Round(0.36 * 232 / 12 * 60)), "83.52 Ah to go at 12 A");
    }

    [Test]
    public void Before_any_energy_is_counted_the_document_has_no_energy_and_no_estimate()
    {
        using JsonDocument doc = JsonDocument.Parse(Document(default));
        Assert.That(doc.RootElement.TryGetProperty("energy", out _), Is.False);
        Assert.That(doc.RootElement.TryGetProperty("estimate", out _), Is.False);
        Assert.That(doc.RootElement.GetProperty("alarms").GetProperty("raised").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void A_receiver_still_reads_a_document_with_the_new_fields()
    {
        var extras = new StatusExtras(AlarmSet.CellHigh, AlarmSet.CellHigh, new EnergyTotals(new DateOnly(2026, 11, 24), 1, 2, 3, 4, 5, 6, 7), default);
        var remote = new RemoteStatus();
        Assert.That(RemoteStatus.TryRead(Document(extras), remote), Is.EqualTo(StatusJsonError.None));
        Assert.That(remote.SocPercent, Is.EqualTo(64f));
    }

    [TestCase("\"packVolts\":52.1", "\"packVolts\":4989")]
    [TestCase("\"packVolts\":52.1", "\"packVolts\":-1")]
    [TestCase("\"maxTempC\":30", "\"maxTempC\":151")]
    [TestCase("\"soc\":64", "\"soc\":111")]
    public void A_remote_status_with_a_physically_impossible_value_is_refused(string good, string impossible)
    {
        string text = System.Text.Encoding.UTF8.GetString(Document(default));
        Assert.That(text, Does.Contain(good));
        var remote = new RemoteStatus();
        Assert.That(RemoteStatus.TryRead(System.Text.Encoding.UTF8.GetBytes(text.Replace(good, impossible, StringComparison.Ordinal)), remote), Is.EqualTo(StatusJsonError.WrongSchema));
    }
}
