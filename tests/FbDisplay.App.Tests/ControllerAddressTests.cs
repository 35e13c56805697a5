using System.Net;
using System.Net.Sockets;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Services.Controller;
using FbDisplay.Simulator;
using FbDisplay.TestSupport;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace FbDisplay.App.Tests;

/// <summary>
/// The app as built (real UDP socket, real controller link, a file as framebuffer) on a manual clock, with a controller
/// on 127.0.0.1 and another host on 127.0.0.2: one datagram from the other host must not redirect SAVE; a real change
/// of controller (the old one silent for 10 s, the new one sending for 5 s) moves it and says so on the screen.
/// </summary>
[NonParallelizable]
public class ControllerAddressTests
{
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.2");

    private static readonly ControllerSettingValue[] Cutoffs =
    [
        new(ControllerSetting.HighCellCutoff, 4.1),
        new(ControllerSetting.LowCellCutoff, 3.05),
    ];

    [Test]
    public async Task One_datagram_from_another_host_does_not_redirect_save_and_a_real_change_is_shown_on_screen()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        int tcp = FreePort.Tcp();
        var config = new SettingsReader(new Dictionary<string, string?>
        {
            ["Controller:Port"] = tcp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Controller:TimeoutSeconds"] = "3",
        });
        string fb = dir.File("fb0.raw");
        var settings = new AppSettings { DataDir = dir.File("data"), Framebuffer = fb, Touch = "none", WebUrls = "", UdpPort = FreePort.Udp() };
        await using var app = new Appliance(settings, config, time, NullLoggerFactory.Instance);
        app.Start();

        var battery = new BatterySimulator(modules: 2);
        using var controller = new ControllerServer(battery, tcp, IPAddress.Loopback);
        controller.Start();
        var stranger = new TcpListener(Other, tcp);
        stranger.Start();
        using var fromController = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var fromStranger = new UdpClient(new IPEndPoint(Other, 0));
        var target = new IPEndPoint(IPAddress.Loopback, settings.UdpPort);

        async Task SendAsync(UdpClient from)
        {
            long before = app.Counters.Received;
            byte[] d = new byte[24];
            EvtvUdpCodec.Write(BatteryFrameEncoder.Pack(-12, 52.1f, -20f, 25, 22), d);
            await from.SendAsync(d, target);
            await WaitUntilAsync(() => app.Counters.Received > before);
            app.Loop.RunOnce();
        }

        try
        {
            await SendAsync(fromController);
            Assert.That(app.Controller.CurrentAddress, Is.EqualTo(IPAddress.Loopback));

            time.Advance(TimeSpan.FromMilliseconds(300));
            await SendAsync(fromStranger);
            Assert.That(app.Counters.Accepted, Is.EqualTo(2), "the stranger's data is still shown (broadcast model)");
            Assert.That(app.Controller.CurrentAddress, Is.EqualTo(IPAddress.Loopback), "one datagram does not move the controller");

            ControllerSendResult save = await app.Controller.SendAsync(Cutoffs);
            Assert.That(save.Outcome, Is.EqualTo(ControllerSendOutcome.Sent), save.Describe());
            Assert.That(controller.Values.ContainsKey("HCUT"), Is.True, "the controller received the cutoff");
            Assert.That(stranger.Pending(), Is.False, "the other host received nothing");

            byte[] before = await File.ReadAllBytesAsync(fb);

            // The controller goes silent; a new one on 127.0.0.2 sends twice a second. The move waits for 10 s of silence.
            for (int i = 0; i < 19; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
                await SendAsync(fromStranger);
            }

            Assert.That(app.Controller.CurrentAddress, Is.EqualTo(IPAddress.Loopback), "9.8 s of silence");
            time.Advance(TimeSpan.FromMilliseconds(500));
            await SendAsync(fromStranger);
            Assert.That(app.Controller.CurrentAddress, Is.EqualTo(Other), "10 s of silence and 10 s of the new source");
            Assert.That(app.Loop.Controller.Changes, Is.EqualTo(1));

            time.Advance(TimeSpan.FromMilliseconds(100));
            app.Loop.RunOnce();
            byte[] after = await File.ReadAllBytesAsync(fb);
            SavePng(after, Path.Combine(TestContext.CurrentContext.WorkDirectory, "controller-change.png"));
            Assert.That(Differs(before, after, 390, 448, 400, 26), Is.True, "the message line shows the change");
        }
        finally
        {
            stranger.Stop();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(wait.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the datagram was not received");
            await Task.Delay(5);
        }
    }

    /// <summary>Any pixel of the rectangle changed (BGRX, 800 wide).</summary>
    private static bool Differs(byte[] a, byte[] b, int x, int y, int w, int h)
    {
        for (int row = y; row < y + h; row++)
        {
            int start = ((row * 800) + x) * 4;
            if (!a.AsSpan(start, w * 4).SequenceEqual(b.AsSpan(start, w * 4)))
            {
                return true;
            }
        }

        return false;
    }

    private static void SavePng(byte[] bgrx, string path)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(800, 480, SKColorType.Bgra8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(bgrx, 0, bitmap.GetPixels(), 800 * 480 * 4);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        File.WriteAllBytes(path, png.ToArray());
        TestContext.Progress.WriteLine($"screen after the change: {path}");
    }
}
