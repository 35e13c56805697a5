using FbDisplay.Core.Display;
using FbDisplay.Settings;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 2, communications: UDP port and CAN interface (where frames come from), MQTT OFF / SENDER / RECEIVER with the
/// BMS ID, Display ID and broker, LOG TO DATABASE, the sign of the pack current and the battery protocol.
/// </summary>
public sealed class CommsSettingsPage : SettingsPage
{
    public CommsSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsComms, "COMMUNICATIONS", width, height)
    {
        const int left = 16, right = 408, w = 376, top = 70, step = 88;
        UdpPort = FieldBlock(left, top, w, "UDP PORT", Catalog.Udp.Port, Catalog.Udp.Port.DefaultText, digits: true);
        CanInterface = FieldBlock(left, top + step, w, "CAN INTERFACE", Catalog.Can.Interface, "off (UDP only)");
        BmsId = FieldBlock(left, top + (2 * step), w, "BMS ID (MQTT topic)", Catalog.Mqtt.BmsId, "not set");
        DisplayId = FieldBlock(left, top + (3 * step), w, "DISPLAY ID", Catalog.Mqtt.DisplayId, "not set");
        Mqtt = ChoiceBlock(right, top, w, "MQTT", Catalog.Mqtt.Mode, ["OFF", "SENDER", "RECEIVER"]);
        Broker = FieldBlock(right, top + step, w, "BROKER URL", Catalog.Mqtt.Url, "mqtts://host:8883");
        Database = ChoiceBlock(right, top + (2 * step), 150, "LOG TO DATABASE", Catalog.History.Enabled, ["OFF", "ON"]);
        CurrentSign = ChoiceBlock(right + 166, top + (2 * step), w - 166, "CURRENT SIGN (0x150)", Catalog.Battery.InvertCurrent, ["NORMAL", "INVERTED"]);
        Protocol = ChoiceBlock(right, top + (3 * step), w, "BATTERY PROTOCOL (after a restart)", Catalog.Battery.Protocol, ["AUTO", "EVTV", "PYLONTECH"]);
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

    /// <summary>Battery:Protocol: Auto, the EVTV controller's ids or the Pylontech-compatible ones.</summary>
    public SegmentedChoice Protocol { get; }

    /// <summary>What the chosen MQTT mode does, in the manual's words.</summary>
    public Label Explain { get; }

    /// <inheritdoc/>
    protected override void OnDraftChanged()
    {
        string id = Draft.Get(Catalog.Mqtt.BmsId.Key);
        string topic = "EVTV/" + (id.Length == 0 ? "<BMS ID>" : id) + "/CompleteStatus";
        MqttMode mode = Catalog.Mqtt.Mode.TryParse(Draft.Get(Catalog.Mqtt.Mode.Key), out MqttMode m) ? m : Catalog.Mqtt.Mode.Default;
        Explain.SetText(mode switch
        {
            MqttMode.Sender => "SENDER: also relays the data to " + topic + " every 500 ms",
            MqttMode.Receiver => "RECEIVER: shows " + topic + "; the UDP port is not used",
            _ => "MQTT OFF: data only from the controller on the UDP port",
        });
    }
}
