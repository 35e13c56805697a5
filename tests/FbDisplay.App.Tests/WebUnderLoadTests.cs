using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The real app's web server on loopback, attacked from 127.0.0.1 (idle sockets, Debian's slowhttptest, a request
/// flood of the test's own) while /api/status is asked from 127.0.0.2 as another host on the LAN would.
/// </summary>
[NonParallelizable]
public class WebUnderLoadTests
{
    private static readonly IPAddress Attacker = IPAddress.Loopback;
    private static readonly IPAddress Neighbour = IPAddress.Parse("127.0.0.2");
    private TempDirectory _dir = null!;
    private ChildProcess _app = null!;
    private int _port;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _dir = new TempDirectory();
        _port = FreePort.Tcp();
        _app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={_dir.File("data")}", $"--Udp:Port={FreePort.Udp()}", "--Display:Framebuffer=", "--Display:Touch=none",
            $"--Web:Urls=http://0.0.0.0:{_port}",
        ]);
        await _app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _app.Dispose();
        _dir.Dispose();
    }

    /// <summary>One /api/status from <paramref name="from"/> on a fresh connection; true when it answered 200 within 2 s.</summary>
    private async Task<bool> ProbeAsync(IPAddress from)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ConnectCallback = async (ctx, ct) =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    s.Bind(new IPEndPoint(from, 0));
                    await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port), ct);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.ConnectionClose = true;
        try
        {
            using HttpResponseMessage r = await http.GetAsync(new Uri($"http://127.0.0.1:{_port}/api/status"));
            return r.StatusCode == HttpStatusCode.OK && (await r.Content.ReadAsStringAsync()).Contains("\"schema\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    /// <summary>Probes from the neighbour every 250 ms until <paramref name="until"/> completes: (answered, asked).</summary>
    private async Task<(int Answered, int Asked)> ProbeWhileAsync(Task until)
    {
        int answered = 0, asked = 0;
        while (!until.IsCompleted)
        {
            asked++;
            if (await ProbeAsync(Neighbour))
            {
                answered++;
            }

            await Task.Delay(250);
        }

        return (answered, asked);
    }

    [Test]
    public async Task Two_hundred_idle_sockets_from_one_address_neither_lock_out_another_nor_stay_open()
    {
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 200; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                idle.Add(s);
                s.Bind(new IPEndPoint(Attacker, 0));
                try
                {
                    await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port));
                }
                catch (SocketException)
                {
                    // Reset while connecting: the server refused it at once, which is closed too.
                }
            }

            await Task.Delay(500);
            int answered = 0;
            for (int i = 0; i < 10; i++)
            {
                answered += await ProbeAsync(Neighbour) ? 1 : 0;
            }

            // Every idle socket is closed by the server: refused at once over the per-address limit, or at the keep-alive timeout.
            var sw = Stopwatch.StartNew();
            var closedAfter = await Task.WhenAll(idle.Select(async s =>
            {
                if (!s.Connected)
                {
                    return TimeSpan.Zero;
                }

                var buffer = new byte[16];
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
                try
                {
                    while (await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
                    {
                    }
                }
                catch (SocketException)
                {
                    // reset: closed too
                }
                catch (OperationCanceledException)
                {
                    return TimeSpan.MaxValue;
                }

                return sw.Elapsed;
            }));
            TimeSpan last = closedAfter.Max();
            string figure = string.Create(CultureInfo.InvariantCulture,
                $"200 idle sockets from one address: neighbour answered {answered} of 10; every idle socket closed by the server after {(last == TimeSpan.MaxValue ? "never (40 s)" : $"{last.TotalSeconds:0.0} s")}");
            TestContext.Out.WriteLine(figure);
            Assert.Multiple(() =>
            {
                Assert.That(answered, Is.EqualTo(10), figure);
                Assert.That(last, Is.LessThan(TimeSpan.FromSeconds(16)), figure);
            });
        }
        finally
        {
            foreach (Socket s in idle)
            {
                s.Dispose();
            }
        }
    }

    [Test]
    public async Task A_request_flood_from_one_address_does_not_starve_another()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        long served = 0, failed = 0;
        async Task FloodAsync()
        {
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                ConnectCallback = async (ctx, ct) =>
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    s.Bind(new IPEndPoint(Attacker, 0));
                    await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port), ct);
                    return new NetworkStream(s, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using HttpResponseMessage r = await http.GetAsync(new Uri($"http://127.0.0.1:{_port}/api/status"), stop.Token);
                    await r.Content.ReadAsByteArrayAsync(stop.Token);
                    Interlocked.Increment(ref served);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        // 128 clients of one keep-alive connection each, requests back to back: far above every limit.
        Task flood = Task.WhenAll(Enumerable.Range(0, 128).Select(_ => Task.Run(FloodAsync)));
        await Task.Delay(1000);
        (int answered, int asked) = await ProbeWhileAsync(flood);
        string figure = string.Create(CultureInfo.InvariantCulture,
            $"flood of 128 clients from one address for 12 s: {served} requests served to it ({served / 12.0:0} /s), {failed} refused or failed; neighbour answered {answered} of {asked}");
        TestContext.Out.WriteLine(figure);
        Assert.That(asked, Is.GreaterThan(10));
        Assert.That(answered, Is.GreaterThanOrEqualTo(asked * 95 / 100), figure);
    }

    [TestCase("slowloris", "-H -c 1000 -i 10 -r 200 -t GET -x 24 -p 3 -l 20")]
    [TestCase("slow body", "-B -c 1000 -i 10 -r 200 -s 8192 -t POST -x 10 -p 3 -l 20")]
    [TestCase("slow read", "-X -c 500 -r 200 -w 512 -y 1024 -n 5 -z 32 -k 3 -p 3 -l 20")]
    public async Task Slowhttptest_from_one_address_does_not_starve_another(string attack, string arguments)
    {
        DebianPackages.Require("slowhttptest", "slowhttptest");
        var psi = new ProcessStartInfo("slowhttptest", $"{arguments} -u http://127.0.0.1:{_port}/api/status")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Task exited = p.WaitForExitAsync();
        await Task.Delay(3000); // let it open its connections
        (int answered, int asked) = await ProbeWhileAsync(exited);
        string output = System.Text.RegularExpressions.Regex.Replace(await stdout + await stderr, "\u001b\\[[0-9;]*m", "");
        string summary = string.Join(" | ", output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Exit status", StringComparison.Ordinal) || l.Contains("service available", StringComparison.OrdinalIgnoreCase)).Distinct().TakeLast(2));
        string figure = $"slowhttptest {attack} ({arguments}): neighbour answered {answered} of {asked}; slowhttptest: {summary}";
        TestContext.Out.WriteLine(figure);
        Assert.That(asked, Is.GreaterThan(10), output);
        Assert.That(answered, Is.GreaterThanOrEqualTo(asked * 95 / 100), figure + "\n" + output[^Math.Min(output.Length, 2000)..]);
    }
}
