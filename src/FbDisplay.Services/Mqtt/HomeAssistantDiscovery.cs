using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FbDisplay.Services.Mqtt;

/// <summary>
/// Home Assistant MQTT discovery for a SENDER: one retained config per sensor under
/// <c>homeassistant/sensor/fbdisplay_&lt;BmsId&gt;/&lt;key&gt;/config</c>, each reading its value from the CompleteStatus
/// topic with a value template, so Home Assistant needs no extra messages. Re-sent when Home Assistant announces
/// <c>online</c> on <c>homeassistant/status</c> (it forgets non-retained state on restart).
/// </summary>
public static class HomeAssistantDiscovery
{
    public const string StatusTopic = "homeassistant/status";

    /// <summary>JSON field, name, unit, device class: what Home Assistant shows for the battery.</summary>
    private static readonly (string Field, string Name, string Unit, string DeviceClass)[] Sensors =
    [
        ("soc", "State of charge", "%", "battery"),
        ("packVolts", "Pack voltage", "V", "voltage"),
        ("currentAmps", "Current", "A", "current"),
        ("powerWatts", "Power", "W", "power"),
        ("maxTempC", "Highest temperature", "°C", "temperature"),
        ("minTempC", "Lowest temperature", "°C", "temperature"),
        ("cellLowMv", "Lowest cell", "mV", "voltage"),
        ("cellHighMv", "Highest cell", "mV", "voltage"),
        ("cellAvgMv", "Average cell", "mV", "voltage"),
    ];

    /// <summary>The retained config messages for <paramref name="options"/>' BMS.</summary>
    public static IReadOnlyList<(string Topic, byte[] Payload)> Configs(MqttOptions options)
    {
        string node = "fbdisplay_" + Sanitize(options.BmsId);
        var list = new List<(string, byte[])>(Sensors.Length);
        foreach ((string field, string name, string unit, string deviceClass) in Sensors)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("unique_id", $"{node}_{field}");
                w.WriteString("object_id", $"{node}_{field}");
                w.WriteString("state_topic", options.StatusTopic);
                w.WriteString("value_template", "{{ value_json." + field + " }}");
                w.WriteString("unit_of_measurement", unit);
                w.WriteString("device_class", deviceClass);
                w.WriteString("state_class", "measurement");

                // No message for this long (the SENDER is gone) shows the sensor as unavailable.
                w.WriteNumber("expire_after", 10);
                w.WriteStartObject("device");
                w.WriteStartArray("identifiers");
                w.WriteStringValue(node);
                w.WriteEndArray();
                w.WriteString("name", $"Battery {options.BmsId}");
                w.WriteString("manufacturer", "EVTV");
                w.WriteString("model", "ESP32 Battery Module Controller (via FbDisplay)");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            list.Add(($"homeassistant/sensor/{node}/{field}/config", buffer.WrittenSpan.ToArray()));
        }

        return list;
    }

    private static string Sanitize(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (char c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return sb.ToString();
    }
}
