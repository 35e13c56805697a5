using System.Buffers;
using System.Text;
using System.Text.Json;
using FbDisplay.Core.Alarms;

namespace FbDisplay.Services.Mqtt;

/// <summary>
/// Home Assistant MQTT discovery for a SENDER: one retained config per sensor under
/// <c>homeassistant/sensor/fbdisplay_&lt;BmsId&gt;/&lt;key&gt;/config</c> (energy in and out as kWh totals, and a
/// <c>binary_sensor</c> per alarm), each reading its value from the CompleteStatus
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

    /// <summary>The retained config messages for <paramref name="options"/>' BMS: sensors, energy counters, alarms.</summary>
    public static IReadOnlyList<(string Topic, byte[] Payload)> Configs(MqttOptions options)
    {
        string node = "fbdisplay_" + Sanitize(options.BmsId);
        var list = new List<(string, byte[])>(Sensors.Length + 7 + AlarmKinds.Count);
        foreach ((string field, string name, string unit, string deviceClass) in Sensors)
        {
            list.Add(Config(options, node, "sensor", field, w =>
            {
                w.WriteString("name", name);
                w.WriteString("value_template", "{{ value_json." + field + " }}");
                w.WriteString("unit_of_measurement", unit);
                w.WriteString("device_class", deviceClass);
                w.WriteString("state_class", "measurement");

                // No message for this long (the SENDER is gone) shows the sensor as unavailable.
                w.WriteNumber("expire_after", 10);
            }));
        }

        // Energy in and out for Home Assistant's energy dashboard: ever-growing totals in kWh. A document carries them
        // only once they are loaded or counted (never a 0 before energy.json is read, which HA would take for a meter
        // reset); without them the template renders an empty state, which Home Assistant's MQTT sensor ignores.
        foreach ((string field, string name) in new[] { ("totalInKWh", "Energy in"), ("totalOutKWh", "Energy out") })
        {
            list.Add(Config(options, node, "sensor", "energy_" + (field == "totalInKWh" ? "in" : "out"), w =>
            {
                w.WriteString("name", name);
                w.WriteString("value_template", "{{ value_json.energy." + field + " if value_json.energy is defined else '' }}");
                w.WriteString("unit_of_measurement", "kWh");
                w.WriteString("device_class", "energy");
                w.WriteString("state_class", "total_increasing");
            }));
        }

        // The controller's own state (0x654, 0x683): empty (ignored by Home Assistant) while the controller sends none.
        list.Add(Config(options, node, "sensor", "tcchAmps", w =>
        {
            w.WriteString("name", "Charge current command (TCCH)");
            w.WriteString("value_template", "{{ value_json.chargeCommand.tcchAmps if value_json.chargeCommand is defined else '' }}");
            w.WriteString("unit_of_measurement", "A");
            w.WriteString("device_class", "current");
            w.WriteString("state_class", "measurement");
            w.WriteNumber("expire_after", 10);
        }));
        list.Add(Config(options, node, "sensor", "faultCode", w =>
        {
            w.WriteString("name", "Controller fault code");
            w.WriteString("value_template", "{{ value_json.controller.faultCode if value_json.controller is defined else '' }}");
            w.WriteNumber("expire_after", 10);
        }));
        foreach ((string field, string name, string deviceClass) in new[]
        {
            ("chargeEnabled", "Charge enabled", "power"),
            ("heatEnabled", "Heat enabled", "heat"),
            ("usbPowered", "Controller on USB power", "plug"),
        })
        {
            list.Add(Config(options, node, "binary_sensor", field, w =>
            {
                w.WriteString("name", name);
                w.WriteString("value_template", "{{ ('ON' if value_json.controller." + field + " else 'OFF') if value_json.controller is defined else '' }}");
                w.WriteString("device_class", deviceClass);
                w.WriteNumber("expire_after", 10);
            }));
        }

        // One problem sensor per alarm: on while raised.
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var kind = (AlarmKind)i;
            list.Add(Config(options, node, "binary_sensor", "alarm_" + kind.Key(), w =>
            {
                w.WriteString("name", kind.Title());
                w.WriteString("value_template", "{{ 'ON' if '" + kind.Key() + "' in value_json.alarms.raised else 'OFF' }}");
                w.WriteString("device_class", "problem");
                w.WriteNumber("expire_after", 10);
            }));
        }

        return list;
    }

    private static (string Topic, byte[] Payload) Config(MqttOptions options, string node, string component, string key, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("unique_id", $"{node}_{key}");
            w.WriteString("object_id", $"{node}_{key}");
            w.WriteString("state_topic", options.StatusTopic);
            body(w);
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

        return ($"homeassistant/{component}/{node}/{key}/config", buffer.WrittenSpan.ToArray());
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
