using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.History;

namespace FbDisplay.Simulator;

/// <summary>
/// A solar storage battery built from Tesla Model S modules (6 cells each), living through a solar day: morning
/// charge, passing clouds, evening appliance spikes, night discharge. SOC and Ah are integrated from the current;
/// cells spread and drift; temperatures follow the current. Deterministic for a given seed.
/// </summary>
public sealed class BatterySimulator
{
    /// <summary>12 cells in series make the manual's ~48 V pack; modules beyond two form parallel strings.</summary>
    public const int SeriesCells = 12;
    private const double ModuleAmpHours = 232;

    private readonly Random _random;
    private readonly float[] _cellOffsetVolts;
    private readonly float[] _cellVolts;
    private double _cloudFactor = 1;
    private double _cloudTarget = 1;
    private double _spikeWatts;
    private double _spikeSecondsLeft;

    /// <param name="capacityAmpHours">The pack's capacity; 0 = 232 Ah per parallel string of two modules.</param>
    public BatterySimulator(int modules, int seed = 42, double startSocPercent = 55, double capacityAmpHours = 0)
    {
        if (modules is < 1 or > BatteryState.MaxModules)
        {
            throw new ArgumentOutOfRangeException(nameof(modules), modules, "1 to 40 modules.");
        }

        Modules = modules;
        _random = new Random(seed);
        _cellOffsetVolts = new float[modules * 6];
        _cellVolts = new float[modules * 6];
        for (int i = 0; i < _cellOffsetVolts.Length; i++)
        {
            _cellOffsetVolts[i] = (float)((_random.NextDouble() - 0.5) * 0.03);
        }

        SocPercent = startSocPercent;
        CapacityAmpHours = capacityAmpHours > 0 ? capacityAmpHours : DefaultCapacity(modules);
        Update(0);
    }

    public int Modules { get; }

    /// <summary>12 cells in series per string, so every two modules add a parallel string of 232 Ah.</summary>
    public static double DefaultCapacity(int modules) => ModuleAmpHours * Math.Max(1, modules / 2.0);

    public double CapacityAmpHours { get; }

    public double SocPercent { get; private set; }

    public double AmpHours { get; private set; }

    /// <summary>Positive = charging (the manual's convention).</summary>
    public double CurrentAmps { get; private set; }

    public double PackVolts { get; private set; }

    public double SolarWatts { get; private set; }

    public double LoadWatts { get; private set; }

    public int MaxTemperatureC { get; private set; } = 24;

    public int MinTemperatureC { get; private set; } = 22;

    public float HighCutoffVolts { get; set; } = 4.2f;

    public float LowCutoffVolts { get; set; } = 3.2f;

    /// <summary>
    /// Also send what real controllers send beyond the manual: 0x151 (precise current and power), bytes 6-7 of 0x651,
    /// 0x654 (contactors, charge/heat enable, power source, fault) and 0x683 (frequency shift, TCCH).
    /// </summary>
    public bool SendExtensions { get; set; }

    /// <summary>Contactor bits reported in 0x654 (<see cref="ControllerFlags.NegativeContactorOpen"/>, ...); none by default.</summary>
    public ControllerFlags OpenContactors { get; set; }

    /// <summary>The fault code reported in 0x654 (0 = none).</summary>
    public int FaultCode { get; set; }

    /// <summary>Report the controller powered from USB in 0x654.</summary>
    public bool UsbPowered { get; set; }

    /// <summary>The charge-current command: full current below 90 % SOC, tapering to 5 % of it at full, 0 while charging is off.</summary>
    public double ChargeCommandAmps => !ChargeEnabled ? 0 : SocPercent < 90 ? MaxChargeAmps : Math.Max(MaxChargeAmps * 0.05, MaxChargeAmps * (100 - SocPercent) / 10);

    /// <summary>TCCH below 90 % SOC, amps.</summary>
    public double MaxChargeAmps { get; set; } = 100;

    /// <summary>Charging is allowed while no contactor is open, there is no fault, and the pack is neither full nor frozen.</summary>
    public bool ChargeEnabled => OpenContactors == ControllerFlags.None && FaultCode == 0 && SocPercent < 99.5 && MinTemperatureC > 0;

    /// <summary>The pack heater is on below 5 °C.</summary>
    public bool HeatEnabled => MinTemperatureC < 5;

    public ReadOnlySpan<float> CellVolts => _cellVolts;

    /// <summary>The battery as the display would log it in this second.</summary>
    public SecondSample Sample(long unixSeconds)
    {
        float low = float.MaxValue, high = float.MinValue, sum = 0;
        foreach (float v in _cellVolts)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
            sum += v;
        }

        return new SecondSample(
            unixSeconds, (float)SocPercent, (float)PackVolts, (float)CurrentAmps, (float)(PackVolts * CurrentAmps),
            (float)AmpHours, MaxTemperatureC, MinTemperatureC, (int)(low * 1000), (int)(high * 1000), (int)(sum / _cellVolts.Length * 1000));
    }

    /// <summary>Advances the battery by <paramref name="seconds"/> of simulated time ending at <paramref name="localTime"/>.</summary>
    public void Step(double seconds, DateTime localTime)
    {
        double hour = localTime.TimeOfDay.TotalHours;
        SolarWatts = Solar(hour, seconds);
        LoadWatts = Load(hour, seconds);
        double netWatts = SolarWatts - LoadWatts;
        double volts = Math.Max(PackVolts, 30);
        CurrentAmps = Math.Clamp(netWatts / volts, -250, 250);

        // Taper charge near full, cut off near empty, like a real BMS.
        if (SocPercent >= 99.5 && CurrentAmps > 0)
        {
            CurrentAmps *= 0.05;
        }
        else if (SocPercent <= 3 && CurrentAmps < 0)
        {
            CurrentAmps = 0;
        }

        // A full pack takes no more than what fills it: SOC stays the integral of the current over the capacity.
        double roomAmps = (100 - SocPercent) / 100 * CapacityAmpHours * 3600 / Math.Max(seconds, 1e-9);
        CurrentAmps = Math.Min(CurrentAmps, roomAmps);
        double ah = CurrentAmps * seconds / 3600;
        AmpHours += ah;
        SocPercent = Math.Clamp(SocPercent + (ah / CapacityAmpHours * 100), 0, 100);

        double heat = Math.Abs(CurrentAmps) / 25.0;
        MaxTemperatureC = (int)Math.Round(24 + heat + (2 * Math.Sin(hour / 24 * 2 * Math.PI)));
        MinTemperatureC = MaxTemperatureC - 3;
        Update(seconds);
    }

    /// <summary>Which protocol <see cref="WriteFrames"/> speaks: the EVTV controller's (default) or the Pylontech-compatible one.</summary>
    public BatteryProtocol Protocol { get; set; } = BatteryProtocol.Evtv;

    /// <summary>With <see cref="BatteryProtocol.Pylontech"/>: also send 0x373 (lowest and highest cell, coldest and hottest).</summary>
    public bool SendCellExtremes { get; set; }

    /// <summary>
    /// The frames a battery sends each second. EVTV: 0x150, 0x650, 0x651, 0x652 and one 0x68F per module (and the
    /// extensions). Pylontech: 0x35E, 0x351, 0x355, 0x356, 0x359, 0x35C (and 0x373).
    /// </summary>
    public void WriteFrames(List<CanFrame> frames)
    {
        if (Protocol == BatteryProtocol.Pylontech)
        {
            WritePylontechFrames(frames);
            return;
        }

        float low = float.MaxValue, high = float.MinValue, sum = 0;
        foreach (float v in _cellVolts)
        {
            low = MathF.Min(low, v);
            high = MathF.Max(high, v);
            sum += v;
        }

        float avg = sum / _cellVolts.Length;
        frames.Add(BatteryFrameEncoder.Pack((float)CurrentAmps, (float)PackVolts, (float)AmpHours, MaxTemperatureC, MinTemperatureC));
        frames.Add(BatteryFrameEncoder.Soc((float)SocPercent));
        frames.Add(SendExtensions
            ? BatteryFrameEncoder.CellSummary(low, high, avg, _cellVolts.Length, _cellVolts.Length)
            : BatteryFrameEncoder.CellSummary(low, high, avg));
        frames.Add(BatteryFrameEncoder.Cutoffs(HighCutoffVolts, LowCutoffVolts));
        if (SendExtensions)
        {
            frames.Add(BatteryFrameEncoder.PackPrecise((float)CurrentAmps, (float)(CurrentAmps * PackVolts)));
            ControllerFlags flags = (OpenContactors & ControllerFlags.ContactorsOpen)
                | (ChargeEnabled ? ControllerFlags.ChargeEnabled : 0)
                | (HeatEnabled ? ControllerFlags.HeatEnabled : 0)
                | (UsbPowered ? ControllerFlags.UsbPowered : 0);
            frames.Add(BatteryFrameEncoder.ControllerStatus(flags, FaultCode));
            frames.Add(BatteryFrameEncoder.ChargeCommand(HighCutoffVolts - 0.05f, (float)ChargeCommandAmps));
        }

        for (int m = 0; m < Modules; m++)
        {
            frames.Add(BatteryFrameEncoder.Cells(m, Modules, _cellVolts.AsSpan(m * 6, 6)));
        }
    }

    private void WritePylontechFrames(List<CanFrame> frames)
    {
        int cells = SeriesCells;
        frames.Add(BatteryFrameEncoder.PylontechName("PYLON"));
        frames.Add(BatteryFrameEncoder.PylontechLimits(HighCutoffVolts * cells - 0.2f, (float)MaxChargeAmps, 150f, LowCutoffVolts * cells + 0.4f));
        frames.Add(BatteryFrameEncoder.PylontechSocSoh((int)Math.Round(SocPercent), 98));
        frames.Add(BatteryFrameEncoder.PylontechMeasurements((float)PackVolts, (float)CurrentAmps, (MaxTemperatureC + MinTemperatureC) / 2f));
        frames.Add(BatteryFrameEncoder.PylontechAlarms(0, MinTemperatureC < 5 ? PylontechFlags.UnderTemperature : 0, Math.Max(1, Modules / 2)));
        frames.Add(BatteryFrameEncoder.PylontechRequests(
            (SocPercent < 99.5 && MinTemperatureC > 0 ? PylontechFlags.ChargeEnable : 0) | (SocPercent > 3 ? PylontechFlags.DischargeEnable : 0)));
        if (SendCellExtremes)
        {
            float low = float.MaxValue, high = float.MinValue;
            foreach (float v in _cellVolts)
            {
                low = MathF.Min(low, v);
                high = MathF.Max(high, v);
            }

            frames.Add(BatteryFrameEncoder.PylontechCellExtremes((int)MathF.Round(low * 1000), (int)MathF.Round(high * 1000), MinTemperatureC, MaxTemperatureC));
        }
    }

    private void Update(double seconds)
    {
        double ocv = OpenCircuitVolts(SocPercent);
        int strings = Math.Max(1, Modules / 2);
        double sag = CurrentAmps / strings * 0.0015; // ~1.5 mOhm per cell string
        double driftStep = seconds / 3600.0 * 0.002;
        for (int i = 0; i < _cellVolts.Length; i++)
        {
            _cellOffsetVolts[i] += (float)((_random.NextDouble() - 0.5) * driftStep);
            _cellOffsetVolts[i] = Math.Clamp(_cellOffsetVolts[i], -0.04f, 0.04f);
            _cellVolts[i] = (float)Math.Clamp(ocv + sag + _cellOffsetVolts[i], 2.0, 4.5);
        }

        double avg = 0;
        foreach (float v in _cellVolts)
        {
            avg += v;
        }

        PackVolts = avg / _cellVolts.Length * SeriesCells;
    }

    /// <summary>NMC open-circuit voltage per cell: 3.1 V empty, 3.46 V at 11 % (the manual's log), 4.15 V full.</summary>
    public static double OpenCircuitVolts(double soc)
    {
        double s = Math.Clamp(soc, 0, 100) / 100;
        return 3.1 + (0.4 * s) + (0.3 * s * s * s) + (0.35 * (1 - Math.Exp(-20 * s)));
    }

    private double Solar(double hour, double seconds)
    {
        const double sunrise = 6.5, sunset = 19.5, peakWatts = 5200;
        if (hour <= sunrise || hour >= sunset)
        {
            _cloudFactor = 1;
            return 0;
        }

        // Clouds drift in and out over minutes.
        if (_random.NextDouble() < seconds / 240)
        {
            _cloudTarget = _random.NextDouble() < 0.4 ? 0.25 + (_random.NextDouble() * 0.4) : 1;
        }

        _cloudFactor += (_cloudTarget - _cloudFactor) * Math.Min(1, seconds / 30);
        double x = (hour - sunrise) / (sunset - sunrise);
        return peakWatts * Math.Pow(Math.Sin(Math.PI * x), 1.5) * _cloudFactor;
    }

    private double Load(double hour, double seconds)
    {
        double baseWatts = hour is >= 23 or < 6 ? 250 : 450;
        if (_spikeSecondsLeft > 0)
        {
            _spikeSecondsLeft -= seconds;
        }
        else
        {
            _spikeWatts = 0;
            bool evening = hour is >= 17 and < 22;
            double rate = evening ? 1.0 / 300 : 1.0 / 1500;
            if (_random.NextDouble() < seconds * rate)
            {
                (double watts, double secs) = _random.Next(4) switch
                {
                    0 => (2200.0, 180.0), // kettle
                    1 => (1800.0, 1200.0), // oven
                    2 => (900.0, 600.0), // washing machine
                    _ => (3000.0, 60.0), // induction hob burst
                };
                _spikeWatts = watts;
                _spikeSecondsLeft = secs;
            }
        }

        return baseWatts + _spikeWatts;
    }
}
