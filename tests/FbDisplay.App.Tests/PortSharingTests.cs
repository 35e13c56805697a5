using System.Net;
using System.Net.Sockets;
using FbDisplay.Settings;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.App.Tests;

/// <summary>Another socket on the display's UDP port is said on the screen's message line and in /metrics' gauge.</summary>
[NonParallelizable]
public class PortSharingTests
{
    [Test]
    public async Task Another_socket_on_the_udp_port_is_shown_on_the_screen()
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        var settings = new AppSettings { DataDir = dir.File("data"), Framebuffer = dir.File("fb0.raw"), Touch = "none", WebUrls = "", UdpPort = udp };
        await using var app = new Appliance(settings, new SettingsReader(new Dictionary<string, string?>()), TimeProvider.System, NullLoggerFactory.Instance);
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        other.Bind(new IPEndPoint(IPAddress.Any, udp));
        app.Start();

        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (app.Sources.SharingWarning is null && wait.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        Assert.That(app.Sources.PortSharers, Has.Count.EqualTo(1));
        await Task.Delay(1100); // a second boundary: the UI thread's once-a-second work runs
        app.Loop.RunOnce();
        await Task.Delay(1100);
        app.Loop.RunOnce();
        Assert.That(app.Screen, Is.Not.Null);
        string message = app.Screen!.Context.StatusMessage;
        TestContext.Out.WriteLine("message line: " + message);
        Assert.That(message, Does.StartWith($"UDP {udp} also used by ").And.Contain($"pid {Environment.ProcessId}"));
    }
}
