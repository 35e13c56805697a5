using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
using FbDisplay.Core.History;
using FbDisplay.Core.Text;
using FbDisplay.Core.Units;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// The manual's main screen: on the right the Tesla-style dial (left half average cell volts with LOVOLT/HIVOLT ticks,
/// right half kW, discharge red and up), kW in the centre, the module picture with SOC, amps above; on the left the
/// POWER LOG with its 1X/2X toggle, the small battery with pack volts and the highest temperature, CELL LEVELS with
/// the average; the display's address and the time; the gear. Stale groups show "--", never old numbers as live.
/// </summary>
public sealed class MainScreen : Screen
{
    public const int PowerLogBars = 160;
    public const int PowerLogSecondsPerBar = 64;
    private const float FullScaleWatts = 10_000f;

    private readonly DisplayContext _ctx;
    private readonly string _celsiusMax;
    private readonly string _fahrenheitMax;
    private readonly float[] _cellVolts = new float[BatteryState.MaxCells];
    private readonly Bar[] _powerBars = new Bar[PowerLogBars];
    private readonly char[] _clock = new char[5];
    private int _cellsVersion = -1;
    private int _powerVersion = -1;
    private long _powerSecond = -1;
    private bool _doubleScale;
    private string _shownAddress = "";
    private string _shownMessage = "";
    private BatteryProtocol? _shownProtocol;
    private int _shownNameVersion = -1;

    public MainScreen(DisplayContext context, int width = 800, int height = 480)
        : base(width, height)
    {
        _ctx = context;
        _celsiusMax = " °C" + context.T(Tx.MaxSuffix);
        _fahrenheitMax = " °F" + context.T(Tx.MaxSuffix);
        PowerLogTitle = Add(new Label(new PixelRect(14, 6, 200, 28), context.T(Tx.MainPowerLog), Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        ScaleButton = Add(new Button(new PixelRect(270, 6, 60, 28), "1X", size: Theme.SmallTextSize));
        ScaleButton.Clicked += (_, _) => ToggleScale();
        PowerLog = Add(new ColumnChart(new PixelRect(10, 38, 320, 124), -FullScaleWatts, FullScaleWatts, capacity: PowerLogBars));
        PackBattery = Add(new IconView(new PixelRect(18, 186, 118, 60), IconKind.Battery) { LevelColor = Theme.Charge });
        PackVolts = Add(new Label(new PixelRect(150, 180, 180, 38), "", Theme.LargeTextSize, bold: true));
        MaxTemp = Add(new Label(new PixelRect(150, 218, 180, 30), "", Theme.TextSize) { Color = Theme.TextDim });
        ControllerFlags = Add(new Label(new PixelRect(14, 248, 316, 18), "", Theme.SmallTextSize) { Color = Theme.TextDim });
        Add(new Label(new PixelRect(14, 268, 150, 28), context.T(Tx.MainCellLevels), Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        AverageCell = Add(new Label(new PixelRect(180, 268, 150, 28), "", Theme.TextSize, bold: true, align: TextAlign.Right));
        Cells = Add(new BarGraph(new PixelRect(10, 300, 320, 140), 2.8f, 4.3f, capacity: BatteryState.MaxCells));
        CellsNotSent = Add(new Label(new PixelRect(20, 340, 300, 26), context.T(Tx.MainNoCellVoltages), Theme.SmallTextSize, bold: true, align: TextAlign.Center) { Color = Theme.TextDim, Visible = false });
        CellExtremes = Add(new Label(new PixelRect(20, 372, 300, 26), "", Theme.TextSize, align: TextAlign.Center) { Visible = false });
        Footer = Add(new Label(new PixelRect(14, 448, 360, 26), "", Theme.SmallTextSize) { Color = Theme.TextDim });

        var center = new SKPoint(590f, 262f);
        VoltsDial = Add(new ArcDial(new PixelRect(380, 50, 210, 424), 2.5f, 4.5f, startAngle: 100f, sweepAngle: 160f)
        {
            Center = center, Radius = 192f, Thickness = 20f, MajorDivisions = 4, MinorPerMajor = 1, TickLabelFormat = "0.0", TickLabelNumbers = context.Format.Numbers,
            PositiveColor = Theme.Voltage,
        });
        PowerDial = Add(new ArcDial(new PixelRect(590, 50, 210, 424), -FullScaleWatts, FullScaleWatts, startAngle: -80f, sweepAngle: 160f)
        {
            Center = center, Radius = 192f, Thickness = 20f, Origin = 0f, MajorDivisions = 4, MinorPerMajor = 4,
            TickLabelFormat = "0", TickLabelDivisor = 1000f, PositiveColor = Theme.Charge, NegativeColor = Theme.Discharge,
        });
        Amps = Add(new Label(new PixelRect(470, 8, 240, 36), "", Theme.LargeTextSize, bold: true, align: TextAlign.Center));
        Kilowatts = Add(new Label(new PixelRect(480, 188, 220, 64), "", 56f, bold: true, align: TextAlign.Center));
        KilowattUnit = Add(new Label(new PixelRect(480, 252, 220, 26), "kW", Theme.TextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Waiting = Add(new Label(new PixelRect(440, 196, 300, 30), context.T(Tx.MainWaiting), Theme.TextSize, bold: true, align: TextAlign.Center) { Color = Theme.Amber });
        WaitingSource = Add(new Label(new PixelRect(440, 228, 300, 26), "", Theme.SmallTextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Module = Add(new IconView(new PixelRect(545, 298, 90, 40), IconKind.Battery) { LevelColor = Theme.Charge });
        Soc = Add(new Label(new PixelRect(500, 340, 180, 40), "", Theme.LargeTextSize, bold: true, align: TextAlign.Center));
        Estimate = Add(new Label(new PixelRect(480, 380, 220, 22), "", Theme.SmallTextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Message = Add(new Label(new PixelRect(390, 448, 400, 26), "", Theme.SmallTextSize, align: TextAlign.Right) { Color = Theme.Amber });

        // Inside the dial above the kW, where the eye already is: an open contactor or a fault (0x654).
        ControllerState = Add(new ControllerStatePanel(new PixelRect(484, 118, 212, 66), context.Format));
        Gear = Add(new Button(new PixelRect(748, 4, 48, 48), icon: IconKind.Gear) { Flat = true });
        Gear.Clicked += (_, _) => _ctx.Navigate(ScreenId.Settings);
        Bell = Add(new Button(new PixelRect(696, 4, 48, 48), icon: IconKind.Bell) { Flat = true, Foreground = Theme.TextDim });
        Bell.Clicked += (_, _) => _ctx.Navigate(ScreenId.Alarms);
    }

    public Label PowerLogTitle { get; }
    public Button ScaleButton { get; }
    public ColumnChart PowerLog { get; }
    public IconView PackBattery { get; }
    public Label PackVolts { get; }
    public Label MaxTemp { get; }

    /// <summary>"CHARGE ON · HEAT OFF · USB POWER" once the controller sends 0x654.</summary>
    public Label ControllerFlags { get; }

    /// <summary>Contactor open / fault, while the controller reports one.</summary>
    public ControllerStatePanel ControllerState { get; }
    public Label AverageCell { get; }
    public BarGraph Cells { get; }

    /// <summary>Over the empty cell graph of a battery that sends no per-cell voltages (Pylontech protocol).</summary>
    public Label CellsNotSent { get; }

    /// <summary>Lowest and highest cell where such a battery sends them (0x373).</summary>
    public Label CellExtremes { get; }
    public Label Footer { get; }
    public ArcDial VoltsDial { get; }
    public ArcDial PowerDial { get; }
    public Label Amps { get; }
    public Label Kilowatts { get; }
    public Label KilowattUnit { get; }
    public Label Waiting { get; }
    public Label WaitingSource { get; }
    public IconView Module { get; }
    public Label Soc { get; }

    /// <summary>"Full in 2 h 15 min" under the SOC while charging or discharging (with a pack capacity set).</summary>
    public Label Estimate { get; }
    public Label Message { get; }
    public Button Gear { get; }

    /// <summary>Opens the alarm screen; grey when all is well, red while an alarm is unacknowledged, amber once seen.</summary>
    public Button Bell { get; }

    /// <summary>The touch areas that open the other screens (manual: tap the SOC, CELL LEVELS, POWERLOG).</summary>
    public static readonly PixelRect SocArea = new(500, 296, 180, 86);
    public static readonly PixelRect CellsArea = new(10, 268, 320, 172);
    public static readonly PixelRect PowerLogArea = new(10, 38, 320, 124);

    /// <summary>The pack panel (battery, volts, temperature): opens the energy screen.</summary>
    public static readonly PixelRect PackArea = new(10, 172, 320, 84);

    protected override void OnUpdate(long timestamp)
    {
        BatteryState s = _ctx.State;
        TimeProvider time = _ctx.Time;
        bool any = s.HasAnyData;
        bool packFresh = s.Pack.IsFresh(time, timestamp, BatteryState.StaleAfter);
        bool socFresh = s.Soc.IsFresh(time, timestamp, BatteryState.StaleAfter);
        bool summaryFresh = s.CellSummary.IsFresh(time, timestamp, BatteryState.StaleAfter);

        Waiting.Visible = !any;
        WaitingSource.Visible = !any;
        if (!any)
        {
            WaitingSource.SetText(_ctx.SourceDescription);
        }

        Kilowatts.Visible = any;
        KilowattUnit.Visible = any;

        // Pack group (0x150).
        float amps = packFresh ? s.PackCurrentAmps : float.NaN;
        float watts = packFresh ? s.PowerWatts : float.NaN;
        Amps.SetNumber(amps, "0", " A");
        Amps.Color = !packFresh ? Theme.TextDim : amps < 0 ? Theme.Discharge : Theme.Charge;
        Kilowatts.SetNumber(watts / 1000f, "0.00", default, _ctx.Format.Numbers);
        Kilowatts.Color = packFresh ? Theme.Text : Theme.TextDim;
        PowerDial.Value = packFresh ? Math.Clamp(watts, -FullScaleWatts, FullScaleWatts) : 0f;
        PackVolts.SetNumber(packFresh ? s.PackVolts : float.NaN, "0.0", " V", _ctx.Format.Numbers);
        TemperatureUnit unit = _ctx.TemperatureUnit;
        bool oneTemperature = s.IsPylontech && !s.CellSummary.HasValue; // 0x356 alone: the battery's one temperature, not a maximum
        MaxTemp.SetNumber(
            packFresh ? (float)Temperatures.FromCelsius(s.MaxTemperatureC, unit) : float.NaN,
            "0",
            unit == TemperatureUnit.Fahrenheit ? (oneTemperature ? " °F" : _fahrenheitMax) : (oneTemperature ? " °C" : _celsiusMax));
        ShowControllerFlags(s, time, timestamp);
        ControllerState.Show(s, time, timestamp);
        AlarmMonitor? alarms = _ctx.Alarms;
        Bell.Foreground = alarms is null || alarms.Raised == AlarmSet.None ? Theme.TextDim
            : alarms.Unacknowledged != AlarmSet.None ? Theme.Discharge
            : Theme.Amber;

        // SOC (0x650), and the time to full or empty when the pack is working.
        Soc.SetNumber(socFresh ? s.SocPercent : float.NaN, "0.0", " %", _ctx.Format.Numbers);
        Span<char> estimate = stackalloc char[48];
        Estimate.SetText(estimate[..(socFresh && packFresh ? EstimateText.Format(estimate, _ctx.Estimate, _ctx.Language) : 0)]);
        float level = socFresh ? s.SocPercent / 100f : 0f;
        Module.Level = level;
        PackBattery.Level = level;
        SKColor levelColor = s.SocPercent < 20 ? Theme.Discharge : s.SocPercent < 40 ? Theme.Amber : Theme.Charge;
        Module.LevelColor = levelColor;
        PackBattery.LevelColor = levelColor;

        // Cell summary (0x651) and cutoffs (0x652) on the dial; a Pylontech battery sends no average (not available, not 0).
        float average = summaryFresh && !s.IsPylontech ? s.AverageCellMillivolts / 1000f : float.NaN;
        if (s.IsPylontech)
        {
            AverageCell.SetText(_ctx.T(Tx.NotAvailable));
        }
        else
        {
            AverageCell.SetNumber(average, "0.000", " V", _ctx.Format.Numbers);
        }

        ShowCellsNotSent(s, summaryFresh);
        VoltsDial.Value = summaryFresh ? Math.Clamp(average, 2.5f, 4.5f) : 2.5f;
        if (s.Cutoffs.HasValue)
        {
            VoltsDial.SetMarker(0, s.LowCutoffVolts, SKColors.White);
            VoltsDial.SetMarker(1, s.HighCutoffVolts, SKColors.White);
            Cells.LowThreshold = s.LowCutoffVolts;
            Cells.HighThreshold = s.HighCutoffVolts;
        }

        // Every cell (0x68F), converted only when a frame arrived.
        if (s.Cells.Version != _cellsVersion)
        {
            _cellsVersion = s.Cells.Version;
            ReadOnlySpan<ushort> mv = s.CellMillivolts;
            for (int i = 0; i < mv.Length; i++)
            {
                _cellVolts[i] = mv[i] == 0 ? float.NaN : mv[i] / 1000f;
            }

            Cells.SetValues(_cellVolts.AsSpan(0, mv.Length));
        }

        Cells.ReferenceValue = average;
        for (int m = 0; m < s.ModuleCount; m++)
        {
            Cells.SetGroupDimmed(m, !s.IsModuleFresh(time, timestamp, m));
        }

        // Power log: the last 160 bars of 64 s, re-read when a second was appended or the bar boundary moved.
        long nowSecond = time.GetUtcNow().ToUnixTimeSeconds();
        if (_ctx.PowerHistory.Version != _powerVersion || nowSecond / PowerLogSecondsPerBar != _powerSecond)
        {
            _powerVersion = _ctx.PowerHistory.Version;
            _powerSecond = nowSecond / PowerLogSecondsPerBar;
            _ctx.PowerHistory.ReadBars(PowerLogSecondsPerBar, nowSecond, _powerBars);
            PowerLog.SetValues(_powerBars);
        }

        // Footer: the display's address and the time of day.
        string address = _ctx.Address;
        DateTimeOffset local = time.GetLocalNow();
        if (!ReferenceEquals(address, _shownAddress) || local.Minute != _clock[4] - '0' + ((_clock[3] - '0') * 10)
            || s.Protocol != _shownProtocol || s.Name.Version != _shownNameVersion)
        {
            _shownAddress = address;
            _shownProtocol = s.Protocol;
            _shownNameVersion = s.Name.Version;
            local.TryFormat(_clock, out _, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            Span<char> footer = stackalloc char[96];
            int n = 0;
            address.AsSpan(0, Math.Min(address.Length, 80)).CopyTo(footer);
            n += Math.Min(address.Length, 80);
            if (n > 0)
            {
                "   ".AsSpan().CopyTo(footer[n..]);
                n += 3;
            }

            _clock.AsSpan().CopyTo(footer[n..]);
            n += _clock.Length;
            n += WriteProtocol(footer[n..], s);
            Footer.SetText(footer[..n]);
        }

        string message = _ctx.StatusMessage;
        if (!ReferenceEquals(message, _shownMessage))
        {
            _shownMessage = message;
            Message.SetTextCut(message);
        }
    }

    protected override void OnGesture(in Gesture gesture, Widget? target)
    {
        if (gesture.Kind != GestureKind.Tap)
        {
            return;
        }

        if (SocArea.Contains(gesture.X, gesture.Y))
        {
            _ctx.Navigate(ScreenId.SocLog);
        }
        else if (CellsArea.Contains(gesture.X, gesture.Y))
        {
            _ctx.Navigate(ScreenId.Cells);
        }
        else if (PowerLogArea.Contains(gesture.X, gesture.Y))
        {
            _ctx.Navigate(ScreenId.PowerLog);
        }
        else if (PackArea.Contains(gesture.X, gesture.Y))
        {
            _ctx.Navigate(ScreenId.Energy);
        }
    }

    /// <summary>"   PYLONTECH · PYLON" in the footer: which protocol is read (Auto says what it chose) and the battery's name.</summary>
    private static int WriteProtocol(Span<char> into, BatteryState s)
    {
        if (s.Protocol is null)
        {
            return 0;
        }

        int n = 0;
        Append(into, ref n, "   ");
        Append(into, ref n, BatteryProtocols.Label(s.Protocol));
        if (s.ManufacturerName.Length > 0)
        {
            Append(into, ref n, " · ");
            s.ManufacturerName.CopyTo(into[n..]);
            n += s.ManufacturerName.Length;
        }

        return n;

        static void Append(Span<char> into, ref int n, string text)
        {
            text.AsSpan().CopyTo(into[n..]);
            n += text.Length;
        }
    }

    private void ShowCellsNotSent(BatteryState s, bool summaryFresh)
    {
        bool none = s.IsPylontech && !s.Cells.HasValue;
        CellsNotSent.Visible = none;
        CellExtremes.Visible = none && s.CellSummary.HasValue;
        if (CellExtremes.Visible)
        {
            Span<char> b = stackalloc char[40];
            int n = 0;
            if (summaryFresh)
            {
                b.TryWrite(_ctx.Format.Numbers, $"{s.LowCellMillivolts / 1000f:0.000} – {s.HighCellMillivolts / 1000f:0.000} V", out n);
            }
            else
            {
                const string stale = "-- – -- V";
                stale.AsSpan().CopyTo(b);
                n = stale.Length;
            }

            CellExtremes.SetText(b[..n]);
        }
    }

    private void ShowControllerFlags(BatteryState s, TimeProvider time, long timestamp)
    {
        if (s.IsPylontech)
        {
            ShowBmsRequests(s, time, timestamp);
            return;
        }

        if (!s.ControllerStatus.HasValue)
        {
            ControllerFlags.SetText("");
            return;
        }

        bool fresh = s.ControllerStatus.IsFresh(time, timestamp, BatteryState.StaleAfter);
        Span<char> b = stackalloc char[64];
        DisplayLanguage l = _ctx.Language;
        int n = Word(b, Tx.FlagCharge, fresh ? (s.ChargeEnabled ? Tx.OnCaps : Tx.OffCaps) : null, l);
        n += Copy(b[n..], " · ");
        n += Word(b[n..], Tx.FlagHeat, fresh ? (s.HeatEnabled ? Tx.OnCaps : Tx.OffCaps) : null, l);
        n += Copy(b[n..], " · ");
        n += fresh ? Copy(b[n..], (s.UsbPowered ? Tx.FlagUsbPower : Tx.FlagPackPower)[l]) : Word(b[n..], Tx.FlagPower, null, l);

        ControllerFlags.SetText(b[..n]);
        ControllerFlags.Color = fresh && !s.ChargeEnabled ? Theme.Amber : Theme.TextDim;
    }

    private static int Copy(Span<char> into, string text)
    {
        int n = Math.Min(text.Length, into.Length);
        text.AsSpan(0, n).CopyTo(into);
        return n;
    }

    /// <summary>"CHARGE ON", or "CHARGE --" when <paramref name="state"/> is null (stale).</summary>
    private static int Word(Span<char> into, Text what, Text? state, DisplayLanguage language)
    {
        int n = Copy(into, what[language]);
        n += Copy(into[n..], " ");
        return n + Copy(into[n..], state is null ? "--" : state[language]);
    }

    /// <summary>A Pylontech battery's own requests (0x35C) and health where an EVTV controller's enables go.</summary>
    private void ShowBmsRequests(BatteryState s, TimeProvider time, long timestamp)
    {
        if (!s.BmsRequests.HasValue)
        {
            ControllerFlags.SetText("");
            return;
        }

        bool fresh = s.BmsRequests.IsFresh(time, timestamp, BatteryState.StaleAfter);
        int r = s.RequestFlags;
        Span<char> b = stackalloc char[64];
        int n = 0;
        if (!fresh)
        {
            n = Word(b, Tx.FlagCharge, null, _ctx.Language);
            n += Copy(b[n..], " · ");
            n += Word(b[n..], Tx.FlagDischarge, null, _ctx.Language);
        }
        else
        {
            n = Word(b, Tx.FlagCharge, (r & PylontechFlags.ChargeEnable) != 0 ? Tx.OnCaps : Tx.OffCaps, _ctx.Language);
            n += Copy(b[n..], " · ");
            n += Word(b[n..], Tx.FlagDischarge, (r & PylontechFlags.DischargeEnable) != 0 ? Tx.OnCaps : Tx.OffCaps, _ctx.Language);
            if ((r & (PylontechFlags.ForceCharge1 | PylontechFlags.ForceCharge2)) != 0)
            {
                n += Copy(b[n..], " · ");
                n += Copy(b[n..], Tx.FlagForceCharge[_ctx.Language]);
            }
        }

        ControllerFlags.SetText(b[..n]);
        ControllerFlags.Color = fresh && (r & PylontechFlags.ChargeEnable) == 0 ? Theme.Amber : Theme.TextDim;
    }

    private void ToggleScale()
    {
        _doubleScale = !_doubleScale;
        float full = _doubleScale ? FullScaleWatts / 2 : FullScaleWatts;
        PowerLog.SetScale(-full, full);
        ScaleButton.SetText(_doubleScale ? "2X" : "1X");
    }
}
