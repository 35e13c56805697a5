using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>A pixel rectangle of the 800x480 screen.</summary>
public readonly record struct Region(int X, int Y, int Width, int Height)
{
    public int Count(PpmImage shot, Func<Rgb, bool> match) => shot.Count(X, Y, Width, Height, match);

    public int Differences(PpmImage shot, PpmImage other) => shot.CountDifferences(other, X, Y, Width, Height);

    public override string ToString() => $"({X},{Y},{Width}x{Height})";
}

/// <summary>
/// Where MainScreen (src/FbDisplay.Ui/Screens/MainScreen.cs) draws what the tests look at, and its theme colours.
/// Copied, not referenced: the screen is what the user sees, and these tests check pixels, not widgets.
/// </summary>
public static class MainScreenRegions
{
    public static readonly Rgb Background = new(0x0B, 0x0D, 0x12);

    /// <summary>The 1X/2X power log scale button.</summary>
    public static readonly Region ScaleButton = new(270, 6, 60, 28);

    public static readonly Region Gear = new(748, 4, 48, 48);

    /// <summary>"Waiting for data", amber, centred on the dial.</summary>
    public static readonly Region Waiting = new(440, 196, 300, 30);

    /// <summary>The big kW number in the dial's centre.</summary>
    public static readonly Region Kilowatts = new(480, 188, 220, 64);

    /// <summary>The left (average cell volts) half of the dial.</summary>
    public static readonly Region VoltsDial = new(380, 50, 210, 424);

    /// <summary>Points that are plain background on the main screen in every state.</summary>
    public static readonly (int X, int Y)[] BackgroundPoints = [(360, 20), (360, 240), (360, 460), (790, 470), (200, 10), (250, 3), (5, 3)];

    /// <summary>Where a line of reverse-video spaces on the text console lands (row 0, 40 columns of 8 px).</summary>
    public static readonly (int X, int Y)[] ConsoleLinePoints = [(5, 3), (200, 10), (250, 3)];

    public static bool IsAmber(Rgb c) => c.R > 200 && c.G is > 140 and < 210 && c.B < 100;

    public static bool IsWhite(Rgb c) => c.R > 220 && c.G > 220 && c.B > 220;

    /// <summary>Theme.Voltage (#2E8BFF), the volts arc.</summary>
    public static bool IsVoltageBlue(Rgb c) => c.R < 80 && c.G is > 110 and < 170 && c.B > 220;

    /// <summary>The console's reverse video: light grey, all channels equal.</summary>
    public static bool IsConsoleGrey(Rgb c) => c.R > 150 && c.R == c.G && c.G == c.B;

    /// <summary>The waiting main screen: background where expected, the amber message, the white gear.</summary>
    public static bool IsWaitingMainScreen(PpmImage s) =>
        BackgroundPoints.All(p => s[p.X, p.Y] == Background)
        && Waiting.Count(s, IsAmber) > 150
        && Gear.Count(s, IsWhite) > 150;

    /// <summary>The main screen with live pack data: no waiting message, a white kW number, the volts arc.</summary>
    public static bool IsLiveMainScreen(PpmImage s) =>
        BackgroundPoints.All(p => s[p.X, p.Y] == Background)
        && Waiting.Count(s, IsAmber) == 0
        && Kilowatts.Count(s, IsWhite) > 300
        && VoltsDial.Count(s, IsVoltageBlue) > 1000;
}
