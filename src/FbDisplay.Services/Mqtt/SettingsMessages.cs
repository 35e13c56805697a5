using System.Buffers;
using System.Text.Json;
using FbDisplay.Core.Battery;
using FbDisplay.Services.Controller;

namespace FbDisplay.Services.Mqtt;

/// <summary>A SAVE made on a RECEIVER, travelling to the SENDER on EVTV/&lt;BmsId&gt;/Settings.</summary>
public sealed record SettingsRequest(string RequestId, string From, IReadOnlyList<ControllerSettingValue> Settings);

/// <summary>What the SENDER's controller said, on EVTV/&lt;BmsId&gt;/SettingsResult.</summary>
public sealed record SettingsResultMessage(string RequestId, string To, string From, ControllerSendResult Result);

/// <summary>The JSON of the settings relay (docs/status-json.md). Readers return null for anything not in the schema.</summary>
public static class SettingsMessages
{
    public const int SchemaVersion = 1;

    public static byte[] WriteRequest(SettingsRequest r)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("requestId", r.RequestId);
            w.WriteString("from", r.From);
            w.WriteStartObject("settings");
            foreach (ControllerSettingValue s in r.Settings)
            {
                w.WriteNumber(s.Setting.ToString(), s.Value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static SettingsRequest? ReadRequest(ReadOnlySequence<byte> payload)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 4 });
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out JsonElement v) || v.GetInt32() != SchemaVersion
                || root.GetProperty("settings") is not { ValueKind: JsonValueKind.Object } settings)
            {
                return null;
            }

            var list = new List<ControllerSettingValue>();
            foreach (JsonProperty p in settings.EnumerateObject())
            {
                if (!Enum.TryParse(p.Name, ignoreCase: false, out ControllerSetting id) || !Enum.IsDefined(id) || list.Count >= 32)
                {
                    return null;
                }

                list.Add(new ControllerSettingValue(id, p.Value.GetDouble()));
            }

            return new SettingsRequest(root.GetProperty("requestId").GetString() ?? "", root.GetProperty("from").GetString() ?? "", list);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    public static byte[] WriteResult(SettingsResultMessage m)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("requestId", m.RequestId);
            w.WriteString("to", m.To);
            w.WriteString("from", m.From);
            w.WriteString("outcome", m.Result.Outcome.ToString());
            if (m.Result.Reason is { } reason)
            {
                w.WriteString("reason", reason);
            }

            w.WriteStartArray("acks");
            foreach (ControllerSettingAck a in m.Result.Acks)
            {
                w.WriteStartObject();
                w.WriteString("setting", a.Setting.ToString());
                w.WriteString("key", a.WireName);
                w.WriteString("value", a.Value);
                w.WriteBoolean("ok", a.Accepted);
                if (a.Error is { } error)
                {
                    w.WriteString("error", error);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static SettingsResultMessage? ReadResult(ReadOnlySequence<byte> payload)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 5 });
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.GetProperty("schema").GetInt32() != SchemaVersion
                || !Enum.TryParse(root.GetProperty("outcome").GetString(), out ControllerSendOutcome outcome))
            {
                return null;
            }

            var acks = new List<ControllerSettingAck>();
            foreach (JsonElement a in root.GetProperty("acks").EnumerateArray())
            {
                if (!Enum.TryParse(a.GetProperty("setting").GetString(), out ControllerSetting id))
                {
                    return null;
                }

                acks.Add(new ControllerSettingAck(id, a.GetProperty("key").GetString() ?? "", a.GetProperty("value").GetString() ?? "",
                    a.GetProperty("ok").GetBoolean(), a.TryGetProperty("error", out JsonElement e) ? e.GetString() : null));
            }

            string? reason = root.TryGetProperty("reason", out JsonElement r) ? r.GetString() : null;
            return new SettingsResultMessage(
                root.GetProperty("requestId").GetString() ?? "", root.GetProperty("to").GetString() ?? "", root.GetProperty("from").GetString() ?? "",
                new ControllerSendResult(outcome, reason, acks));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }
}
