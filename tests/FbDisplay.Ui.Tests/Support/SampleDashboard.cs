using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Tests.Support;

/// <summary>
/// A main screen laid out as the manual describes it, built only from toolkit widgets: the look the goldens check and
/// the scene the renderer tests tick. Values are pushed in <see cref="OnUpdate"/> every tick, as the app will.
/// </summary>
internal sealed class SampleDashboard : Screen
{
    public const float DialCenterX = 590f;
    public const float DialCenterY = 262f;

    public SampleDashboard()
        : base(800, 480)
    {
        // Left column: power log, pack battery, cell levels.
        Add(new Label(new PixelRect(14, 6, 200, 28), "POWER LOG", Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        ScaleButton = Add(new Button(new PixelRect(270, 6, 60, 28), "1X", size: Theme.SmallTextSize));
        PowerLog = Add(new ColumnChart(new PixelRect(10, 38, 320, 124), -10_000f, 10_000f, capacity: 160));
        PackBattery = Add(new IconView(new PixelRect(18, 186, 118, 60), IconKind.Battery) { Level = 0.115f, LevelColor = Theme.Amber });
        PackVolts = Add(new Label(new PixelRect(150, 180, 180, 38), "", Theme.LargeTextSize, bold: true));
        MaxTemp = Add(new Label(new PixelRect(150, 218, 180, 30), "", Theme.TextSize) { Color = Theme.TextDim });
        Add(new Label(new PixelRect(14, 268, 150, 28), "CELL LEVELS", Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        AverageCell = Add(new Label(new PixelRect(180, 268, 150, 28), "", Theme.TextSize, bold: true, align: TextAlign.Right));
        Cells = Add(new BarGraph(new PixelRect(10, 300, 320, 140), 2.8f, 4.3f, capacity: 240) { LowThreshold = 3.1f, HighThreshold = 4.1f });
        Address = Add(new Label(new PixelRect(14, 448, 316, 26), "192.168.1.50", Theme.SmallTextSize) { Color = Theme.TextDim });

        // Right: the dial. Left half average cell volts (blue, LOVOLT/HIVOLT ticks), right half kW (discharge red up).
        var center = new SKPoint(DialCenterX, DialCenterY);
        Volts = Add(new ArcDial(new PixelRect(380, 50, 210, 424), 2.5f, 4.5f, startAngle: 100f, sweepAngle: 160f)
        {
            Center = center, Radius = 192f, Thickness = 20f, MajorDivisions = 4, MinorPerMajor = 1, TickLabelFormat = "0.0",
            PositiveColor = Theme.Voltage,
        });
        Power = Add(new ArcDial(new PixelRect(590, 50, 210, 424), -10_000f, 10_000f, startAngle: -80f, sweepAngle: 160f)
        {
            Center = center, Radius = 192f, Thickness = 20f, Origin = 0f, MajorDivisions = 4, MinorPerMajor = 4,
            TickLabelFormat = "0", TickLabelDivisor = 1000f, PositiveColor = Theme.Charge, NegativeColor = Theme.Discharge,
        });
        Amps = Add(new Label(new PixelRect(490, 8, 200, 36), "", Theme.LargeTextSize, bold: true, align: TextAlign.Center));
        Kilowatts = Add(new Label(new PixelRect(480, 188, 220, 64), "", 56f, bold: true, align: TextAlign.Center));
        Add(new Label(new PixelRect(480, 252, 220, 26), "kW", Theme.TextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Module = Add(new IconView(new PixelRect(545, 298, 90, 40), IconKind.Battery) { LevelColor = Theme.Charge });
        Soc = Add(new Label(new PixelRect(500, 340, 180, 40), "", Theme.LargeTextSize, bold: true, align: TextAlign.Center));
        Gear = Add(new Button(new PixelRect(748, 4, 48, 48), icon: IconKind.Gear) { Flat = true });
    }

    public Button ScaleButton { get; }

    public ColumnChart PowerLog { get; }

    public IconView PackBattery { get; }

    public Label PackVolts { get; }

    public Label MaxTemp { get; }

    public Label AverageCell { get; }

    public BarGraph Cells { get; }

    public Label Address { get; }

    public ArcDial Volts { get; }

    public ArcDial Power { get; }

    public Label Amps { get; }

    public Label Kilowatts { get; }

    public IconView Module { get; }

    public Label Soc { get; }

    public Button Gear { get; }

    // The "model": plain fields a test changes between ticks.
    public float PackVoltsValue { get; set; } = 41.1f;

    public float AmpsValue { get; set; } = -34f;

    public float SocPercent { get; set; } = 11.5f;

    public float TemperatureC { get; set; } = 36f;

    public float[] CellVolts { get; } = SampleCells();

    public float[] PowerHistory { get; } = SamplePower();

    public float AverageCellVolts { get; set; } = 3.43f;

    protected override void OnUpdate(long timestamp)
    {
        float watts = PackVoltsValue * AmpsValue;
        Amps.SetNumber(AmpsValue, "0.0", " A");
        Amps.Color = AmpsValue < 0 ? Theme.Discharge : Theme.Charge;
        Kilowatts.SetNumber(watts / 1000f, "0.00");
        Power.Value = watts;
        Volts.Value = AverageCellVolts;
        Volts.SetMarker(0, 3.0f, SKColors.White);
        Volts.SetMarker(1, 4.1f, SKColors.White);
        PackVolts.SetNumber(PackVoltsValue, "0.0", " V");
        MaxTemp.SetNumber(TemperatureC, "0", " °C max");
        AverageCell.SetNumber(AverageCellVolts, "0.000", " V");
        Cells.SetValues(CellVolts);
        Cells.ReferenceValue = AverageCellVolts;
        PowerLog.SetValues(PowerHistory);
        Soc.SetNumber(SocPercent, "0.0", " %");
        Module.Level = SocPercent / 100f;
        PackBattery.Level = SocPercent / 100f;
    }

    private static float[] SampleCells()
    {
        // 16 modules of six; a weak cell and a high one so both threshold colours show.
        var cells = new float[96];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = 3.40f + (0.05f * MathF.Sin(i * 0.7f));
        }

        cells[17] = 3.05f;
        cells[62] = 4.15f;
        return cells;
    }

    private static float[] SamplePower()
    {
        // Night discharge, a morning of charge with clouds, an evening load.
        var p = new float[160];
        for (int i = 0; i < p.Length; i++)
        {
            float t = i / (float)p.Length;
            p[i] = t < 0.3f ? -1400f - (300f * MathF.Sin(i * 0.9f))
                : t < 0.75f ? 6500f * MathF.Sin((t - 0.3f) / 0.45f * MathF.PI) * (0.75f + (0.25f * MathF.Sin(i * 1.7f)))
                : -2500f - (1500f * MathF.Sin(i * 0.4f));
        }

        return p;
    }
}
