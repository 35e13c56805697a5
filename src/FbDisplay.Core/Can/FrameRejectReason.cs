namespace FbDisplay.Core.Can;

/// <summary>Why a datagram or frame was not applied to the model. Each reason has its own counter.</summary>
public enum FrameRejectReason
{
    None = 0,

    /// <summary>A UDP datagram that is not exactly 24 bytes.</summary>
    WrongDatagramLength,

    /// <summary>A data length byte over 8.</summary>
    DataLengthOver8,

    /// <summary>A 29-bit identifier: the battery protocol uses 11-bit ids only.</summary>
    ExtendedId,

    /// <summary>A remote transmission request carries no data.</summary>
    RemoteFrame,

    /// <summary>An identifier the battery protocol does not define.</summary>
    UnknownId,

    /// <summary>A known identifier with fewer data bytes than its message needs.</summary>
    PayloadTooShort,

    /// <summary>A 0x68F whose module count is 0 or over 40.</summary>
    ModuleCountOutOfRange,

    /// <summary>A 0x68F whose sequence number is not below its module count.</summary>
    SequenceOutOfRange,

    /// <summary>A SocketCAN error frame or a frame the kernel marked as malformed.</summary>
    ErrorFrame,

    /// <summary>A frame of the battery protocol not in use (Battery:Protocol, or the one Auto chose).</summary>
    OtherProtocol,

    /// <summary>A value no battery can have (SOC over 100 %, a lowest cell above the highest, -200 °C).</summary>
    ValueOutOfRange,

    /// <summary>A 0x650 whose SOC is over 100 % (see <see cref="Battery.PhysicalBounds"/>).</summary>
    SocOutOfRange,

    /// <summary>A 0x651 or 0x652 naming a cell voltage or cutoff above 5 V.</summary>
    CellVoltageOutOfRange,

    /// <summary>A 0x150 whose pack voltage is above 1000 V.</summary>
    PackVoltageOutOfRange,

    /// <summary>A 0x150 whose highest or lowest temperature is above 150 °C.</summary>
    TemperatureOutOfRange,
}
