namespace FbDisplay.Core.Battery;

/// <summary>
/// Everything known about the battery, as decoded from the wire. Owned by the UI thread: only the decoder
/// writes it, on that thread. Pre-allocated; updating it never allocates.
/// </summary>
public sealed class BatteryState
{
    public const int CellsPerModule = 6;
    public const int MaxModules = 40;
    public const int MaxCells = MaxModules * CellsPerModule;

    /// <summary>A value group with no update for this long is shown as stale (manual: data every second or so).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    /// <summary>The longest manufacturer name kept from 0x35E.</summary>
    public const int MaxNameLength = 8;

    private readonly ushort[] _cellMillivolts = new ushort[MaxCells];
    private readonly char[] _name = new char[MaxNameLength];
    private readonly long[] _moduleTimestamps = new long[MaxModules];

    // 0x150
    /// <summary>Pack current; positive = charging (the manual's convention, after the InvertCurrent setting).</summary>
    public float PackCurrentAmps { get; internal set; }
    public float PackVolts { get; internal set; }
    /// <summary>Ampere-hours used from the pack; almost always negative.</summary>
    public float AmpHours { get; internal set; }
    public int MaxTemperatureC { get; internal set; }
    public int MinTemperatureC { get; internal set; }
    public ValueStamp Pack;

    /// <summary>Pack volts x amps; negative = discharging into the inverter.</summary>
    public float PowerWatts => PackVolts * PackCurrentAmps;

    // 0x151 (field extension, when present)
    public float PreciseCurrentAmps { get; internal set; }
    public float PrecisePowerWatts { get; internal set; }
    public ValueStamp PackPrecise;

    // 0x650
    public float SocPercent { get; internal set; }
    public ValueStamp Soc;

    // 0x651
    public int LowCellMillivolts { get; internal set; }
    public int HighCellMillivolts { get; internal set; }
    public int AverageCellMillivolts { get; internal set; }
    /// <summary>Bytes 6-7 of 0x651 when present, else 0.</summary>
    public int MaxCellCount { get; internal set; }
    public int ActiveCellCount { get; internal set; }
    public ValueStamp CellSummary;

    // 0x652
    public float HighCutoffVolts { get; internal set; }
    public float LowCutoffVolts { get; internal set; }
    public ValueStamp Cutoffs;

    // 0x68F
    /// <summary>Modules (of six cells) announced by the last 0x68F.</summary>
    public int ModuleCount { get; internal set; }
    public int CellCount => ModuleCount * CellsPerModule;
    public ValueStamp Cells;

    // 0x654 (real controllers)
    /// <summary>Byte 0 of the last 0x654, only the bits the display knows.</summary>
    public ControllerFlags ControllerFlags { get; internal set; }

    /// <summary>Byte 1 of the last 0x654 &amp; 0x3F; 0 = no fault (see <see cref="ControllerFaults"/>).</summary>
    public int FaultCode { get; internal set; }

    /// <summary>When a contactor was first seen open in the current open spell (a TimeProvider timestamp), 0 while closed.</summary>
    public long ContactorOpenSince { get; internal set; }

    /// <summary>When the current fault code was first seen, 0 while there is none.</summary>
    public long FaultSince { get; internal set; }

    public ValueStamp ControllerStatus;

    public bool ChargeEnabled => (ControllerFlags & ControllerFlags.ChargeEnabled) != 0;

    public bool HeatEnabled => (ControllerFlags & ControllerFlags.HeatEnabled) != 0;

    public bool UsbPowered => (ControllerFlags & ControllerFlags.UsbPowered) != 0;

    /// <summary>1 negative open, 2 positive open, 3 both, 0 closed.</summary>
    public int ContactorCode => ControllerFaults.ContactorCode(ControllerFlags);

    // 0x683 (real controllers)
    public float FrequencyShiftVolts { get; internal set; }

    /// <summary>The charge-current command TCCH the controller gives its charger.</summary>
    public float ChargeCommandAmps { get; internal set; }

    public ValueStamp ChargeCommand;

    /// <summary>
    /// The protocol the data comes from: the Battery:Protocol setting, or what Auto chose from the first frames; null
    /// before any frame was applied.
    /// </summary>
    public BatteryProtocol? Protocol { get; internal set; }

    /// <summary>A Pylontech-protocol battery: no amp-hours, no per-cell voltages, no average cell, no controller limits.</summary>
    public bool IsPylontech => Protocol == BatteryProtocol.Pylontech;

    // Pylontech 0x351: what the battery allows its inverter.
    public float ChargeVoltageLimit { get; internal set; }
    public float ChargeCurrentLimitAmps { get; internal set; }
    public float DischargeCurrentLimitAmps { get; internal set; }

    /// <summary>0 when the battery sends only six bytes of 0x351.</summary>
    public float DischargeVoltageLimit { get; internal set; }
    public ValueStamp BmsLimits;

    // Pylontech 0x355 (SOC goes to SocPercent).
    public float SohPercent { get; internal set; }

    // Pylontech 0x356 (voltage and current go to the pack group).
    public float BatteryTemperatureC { get; internal set; }

    // Pylontech 0x359
    /// <summary>Bytes 0-1 of 0x359: protections the battery has tripped (see <see cref="PylontechFlags"/>).</summary>
    public int ProtectionFlags { get; internal set; }

    /// <summary>Bytes 2-3 of 0x359: warnings.</summary>
    public int WarningFlags { get; internal set; }

    /// <summary>Byte 4 of 0x359: battery packs in parallel, 0 when not sent.</summary>
    public int PackCount { get; internal set; }
    public ValueStamp BmsAlarms;

    // Pylontech 0x35C
    public int RequestFlags { get; internal set; }
    public ValueStamp BmsRequests;

    // Pylontech 0x35E
    public ReadOnlySpan<char> ManufacturerName => _name.AsSpan(0, _nameLength);
    public ValueStamp Name;
    private int _nameLength;

    /// <summary>Cell millivolts in pack order; only the first <see cref="CellCount"/> are meaningful, 0 = never received.</summary>
    public ReadOnlySpan<ushort> CellMillivolts => _cellMillivolts.AsSpan(0, CellCount);

    /// <summary>When module <paramref name="module"/>'s six cells were last received (0 = never).</summary>
    public long ModuleTimestamp(int module) => _moduleTimestamps[module];

    public bool IsModuleFresh(TimeProvider time, long now, int module) =>
        _moduleTimestamps[module] != 0 && time.GetElapsedTime(_moduleTimestamps[module], now) <= StaleAfter;

    /// <summary>True once any frame has been applied.</summary>
    public bool HasAnyData => Pack.HasValue || Soc.HasValue || CellSummary.HasValue || Cutoffs.HasValue || Cells.HasValue
        || ControllerStatus.HasValue || ChargeCommand.HasValue || BmsLimits.HasValue || BmsAlarms.HasValue || BmsRequests.HasValue || Name.HasValue;

    internal void SetName(ReadOnlySpan<byte> ascii, long timestamp)
    {
        int n = 0;
        foreach (byte b in ascii)
        {
            if (b == 0 || n == _name.Length)
            {
                break;
            }

            _name[n++] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        while (n > 0 && _name[n - 1] == ' ')
        {
            n--;
        }

        _nameLength = n;
        Name.Touch(timestamp);
    }

    internal void SetControllerStatus(ControllerFlags flags, int faultCode, long timestamp)
    {
        long at = timestamp == 0 ? 1 : timestamp;
        bool wasOpen = (ControllerFlags & ControllerFlags.ContactorsOpen) != 0;
        bool isOpen = (flags & ControllerFlags.ContactorsOpen) != 0;
        ContactorOpenSince = !isOpen ? 0 : wasOpen && ContactorOpenSince != 0 ? ContactorOpenSince : at;
        FaultSince = faultCode == 0 ? 0 : faultCode == FaultCode && FaultSince != 0 ? FaultSince : at;
        ControllerFlags = flags;
        FaultCode = faultCode;
        ControllerStatus.Touch(timestamp);
    }

    internal void SetModule(int module, int moduleCount, ReadOnlySpan<byte> sixCells, long timestamp)
    {
        if (moduleCount != ModuleCount)
        {
            // A pack that shrank must not keep showing cells it no longer has.
            if (moduleCount < ModuleCount)
            {
                _cellMillivolts.AsSpan(moduleCount * CellsPerModule).Clear();
                _moduleTimestamps.AsSpan(moduleCount).Clear();
            }

            ModuleCount = moduleCount;
        }

        int first = module * CellsPerModule;
        for (int i = 0; i < CellsPerModule; i++)
        {
            _cellMillivolts[first + i] = (ushort)(2000 + (sixCells[i] * 10));
        }

        _moduleTimestamps[module] = timestamp == 0 ? 1 : timestamp;
        Cells.Touch(timestamp);
    }

    /// <summary>Forgets everything (e.g. when the source changes between UDP and MQTT).</summary>
    public void Clear()
    {
        Array.Clear(_cellMillivolts);
        Array.Clear(_moduleTimestamps);
        PackCurrentAmps = PackVolts = AmpHours = 0;
        MaxTemperatureC = MinTemperatureC = 0;
        PreciseCurrentAmps = PrecisePowerWatts = 0;
        SocPercent = 0;
        LowCellMillivolts = HighCellMillivolts = AverageCellMillivolts = MaxCellCount = ActiveCellCount = 0;
        HighCutoffVolts = LowCutoffVolts = 0;
        ModuleCount = 0;
        ControllerFlags = ControllerFlags.None;
        FaultCode = 0;
        ContactorOpenSince = FaultSince = 0;
        FrequencyShiftVolts = ChargeCommandAmps = 0;
        Protocol = null;
        ChargeVoltageLimit = ChargeCurrentLimitAmps = DischargeCurrentLimitAmps = DischargeVoltageLimit = 0;
        SohPercent = BatteryTemperatureC = 0;
        ProtectionFlags = WarningFlags = PackCount = RequestFlags = 0;
        _nameLength = 0;
        BmsLimits = BmsAlarms = BmsRequests = Name = default;
        Pack = PackPrecise = Soc = CellSummary = Cutoffs = Cells = ControllerStatus = ChargeCommand = default;
    }
}
