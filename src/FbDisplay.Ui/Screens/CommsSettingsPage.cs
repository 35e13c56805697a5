using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
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
        : base(session, ScreenId.SettingsComms, Tx.CommsTitle, width, height)
    {
        const int left = 16, right = 408, w = 376, top = 70, step = 88;
        UdpPort = FieldBlock(left, top, w, T(Tx.CommsUdpPort), Catalog.Udp.Port, Catalog.Udp.Port.DefaultText, digits: true);
        CanInterface = FieldBlock(left, top + step, w, T(Tx.CommsCan), Catalog.Can.Interface, T(Tx.CommsCanOff));
        BmsId = FieldBlock(left, top + (2 * step), w, T(Tx.CommsBmsId), Catalog.Mqtt.BmsId, T(Tx.NotSet));
        DisplayId = FieldBlock(left, top + (3 * step), w, T(Tx.CommsDisplayId), Catalog.Mqtt.DisplayId, T(Tx.NotSet));
        Mqtt = ChoiceBlock(right, top, w, "MQTT", Catalog.Mqtt.Mode, [T(Tx.OffCaps), T(Tx.CommsSender), T(Tx.CommsReceiver)]);
        Broker = FieldBlock(right, top + step, w, T(Tx.CommsBroker), Catalog.Mqtt.Url, "mqtts://host:8883");
        Database = ChoiceBlock(right, top + (2 * step), 150, T(Tx.CommsDatabase), Catalog.History.Enabled, [T(Tx.OffCaps), T(Tx.OnCaps)]);
        CurrentSign = ChoiceBlock(right + 166, top + (2 * step), w - 166, T(Tx.CommsCurrentSign), Catalog.Battery.InvertCurrent, [T(Tx.CommsNormal), T(Tx.CommsInverted)]);
        Protocol = ChoiceBlock(right, top + (3 * step), w, AfterRestart(Tx.CommsProtocol), Catalog.Battery.Protocol, [T(Tx.Auto), "EVTV", "PYLONTECH"]);
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
            MqttMode.Sender => string.Format(CultureInfo.InvariantCulture, Tx.CommsExplainSender.Format(Context.Language), topic),
            MqttMode.Receiver => string.Format(CultureInfo.InvariantCulture, Tx.CommsExplainReceiver.Format(Context.Language), topic),
            _ => T(Tx.CommsExplainOff),
        });
    }
}
