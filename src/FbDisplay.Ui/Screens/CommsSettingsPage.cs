using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 2, communications: UDP port and CAN interface (where frames come from), MQTT OFF / SENDER / RECEIVER with the
/// BMS ID, Display ID and broker, LOG TO DATABASE, and the sign of the pack current.
/// </summary>
public sealed class CommsSettingsPage : SettingsPage
{
    public CommsSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsComms, "COMMUNICATIONS", width, height)
    {
        const int left = 16, right = 408, w = 376, top = 70, step = 88;
        UdpPort = FieldBlock(left, top, w, "UDP PORT", SettingKeys.UdpPort, "6500", "6500", digits: true, maxLength: 5, validate: ValidatePort);
        CanInterface = FieldBlock(left, top + step, w, "CAN INTERFACE", SettingKeys.CanInterface, "", "off (UDP only)", maxLength: 15, validate: ValidateInterface);
        BmsId = FieldBlock(left, top + (2 * step), w, "BMS ID (MQTT topic)", SettingKeys.BmsId, "", "not set", maxLength: 32, validate: ValidateTopicPart);
        DisplayId = FieldBlock(left, top + (3 * step), w, "DISPLAY ID", SettingKeys.DisplayId, "", "not set", maxLength: 32, validate: ValidateTopicPart);
        Mqtt = ChoiceBlock(right, top, w, "MQTT", SettingKeys.MqttMode, "Off", ["OFF", "SENDER", "RECEIVER"], ["Off", "Sender", "Receiver"]);
        Broker = FieldBlock(right, top + step, w, "BROKER URL", SettingKeys.Broker, "", "mqtts://host:8883", maxLength: 128, validate: ValidateBroker);
        Database = ChoiceBlock(right, top + (2 * step), w, "LOG TO DATABASE", SettingKeys.LogToDatabase, "false", ["OFF", "ON"], ["false", "true"]);
        CurrentSign = ChoiceBlock(right, top + (3 * step), w, "CURRENT SIGN (0x150)", SettingKeys.InvertCurrent, "false", ["NORMAL", "INVERTED"], ["false", "true"]);
        Explain = Add(new Label(new PixelRect(16, 430, 768, 40), "", Theme.SmallTextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Finish();
    }

    public TextField UdpPort { get; }

    public TextField CanInterface { get; }

    public TextField BmsId { get; }

    public TextField DisplayId { get; }

    public SegmentedChoice Mqtt { get; }

    public TextField Broker { get; }

    public SegmentedChoice Database { get; }

    public SegmentedChoice CurrentSign { get; }

    /// <summary>What the chosen MQTT mode does, in the manual's words.</summary>
    public Label Explain { get; }

    /// <inheritdoc/>
    protected override void OnDraftChanged()
    {
        string id = Draft.Get(SettingKeys.BmsId);
        string topic = "EVTV/" + (id.Length == 0 ? "<BMS ID>" : id) + "/CompleteStatus";
        Explain.SetText(Draft.Get(SettingKeys.MqttMode).ToUpperInvariant() switch
        {
            "SENDER" => "SENDER: also relays the data to " + topic + " every 500 ms",
            "RECEIVER" => "RECEIVER: shows " + topic + "; the UDP port is not used",
            _ => "MQTT OFF: data only from the controller on the UDP port",
        });
    }

    internal static string? ValidatePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is >= 1 and <= 65535
            ? null
            : "A port is a number from 1 to 65535";

    internal static string? ValidateInterface(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? null : "Letters and digits only (can0)";

    internal static string? ValidateTopicPart(string text) =>
        text.IndexOfAny(['/', '+', '#', ' ']) < 0 ? null : "No spaces, / + or # in an ID";

    internal static string? ValidateBroker(string text) =>
        text.Length == 0 || (!text.Contains(' ', StringComparison.Ordinal) && text.Contains('.', StringComparison.Ordinal)) || text.StartsWith("localhost", StringComparison.Ordinal)
            ? null
            : "A host name or URL, e.g. mqtts://host:8883";
}
