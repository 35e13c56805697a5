namespace FbDisplay.Settings;

/// <summary>The manual's MQTT OFF / SENDER / RECEIVER.</summary>
public enum MqttMode
{
    Off,

    /// <summary>Relays the local controller's data to the broker.</summary>
    Sender,

    /// <summary>Shows a remote controller's data from the broker; UDP and CAN are not read.</summary>
    Receiver,
}
