using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace FbDisplay.Benchmarks;

/// <summary>
/// Memory under web load (issue 17, row 7): the real app with 1 Hz data, its RSS idle, while 60 clients fetch
/// /screen.png as fast as they can for 30 s, and a minute after the load ends. Prints figures with the budget
/// beside them: the RSS a minute after within 20 % of the idle figure. Run with `--web-load`.
/// </summary>
internal static class WebLoadBudget
{
    private const int Clients = 60;

    public static async Task<int> RunAsync(string[] args)
    {
        int loadSeconds = IntArg(args, "--load-seconds", 30);
        int afterSeconds = IntArg(args, "--after-seconds", 60);
        string dir = Path.Combine(Path.GetTempPath(), "fbd-webload-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        string bin = AppContext.BaseDirectory;
        int udp = FreeUdpPort(), web = FreeTcpPort();
        // The app as the appliance runs it: with the unit's environment (GC budget, heap limit, malloc arenas).
        IReadOnlyDictionary<string, string> unit = TestSupport.ApplianceUnit.Environment;
        Console.WriteLine("the app's environment, from image/pi/fbdisplay.service: " + string.Join(' ', unit.Select(e => e.Key + "=" + e.Value)));
        foreach ((string key, string value) in unit)
        {
            Environment.SetEnvironmentVariable(key, value);
        }

        using Process app = DisplayBudget.Start(Path.Combine(bin, "fbdisplay.dll"),
            $"--DataDir={Path.Combine(dir, "data")}", $"--Display:Framebuffer={Path.Combine(dir, "fb0.raw")}",
            "--Display:Touch=none", $"--Udp:Port={udp}", $"--Web:Urls=http://127.0.0.1:{web}");
        using Process sim = DisplayBudget.Start(Path.Combine(bin, "fbdisplay-sim.dll"), "--target", "127.0.0.1", "--port", $"{udp}", "--interval", "1", "--quiet");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(15)); // start-up and JIT are not the steady state
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(30) };
            _ = await http.GetByteArrayAsync("/screen.png"); // the first encode JITs its path
            await Task.Delay(TimeSpan.FromSeconds(5));
            double idle = Rss(app);

            long requests = 0, failures = 0, bytes = 0;
            double peak = idle;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(loadSeconds));
            var clients = Enumerable.Range(0, Clients).Select(async i =>
            {
                // 60 browsers on the LAN: each client from its own loopback address (127.0.1.x), so the per-address
                // connection limit lets every one in, as it would let in 60 different hosts.
                using var client = FromAddress(System.Net.IPAddress.Parse($"127.0.1.{i + 1}"), web);
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        byte[] png = await client.GetByteArrayAsync("/screen.png", stop.Token);
                        Interlocked.Increment(ref requests);
                        Interlocked.Add(ref bytes, png.Length);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException or SocketException)
                    {
                        if (!stop.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref failures);
                            await Task.Delay(100);
                        }
                    }
                }
            }).ToList();
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(app));
                await Task.Delay(250);
            }

            await Task.WhenAll(clients);
            double atEnd = Rss(app);
            await Task.Delay(TimeSpan.FromSeconds(afterSeconds));
            double after = Rss(app);
            Console.WriteLine(Inv($"== Memory under web load: {Clients} clients on /screen.png for {loadSeconds} s, the app with 1 Hz data =="));
            Console.WriteLine(Inv($"requests answered {requests} ({requests / (double)loadSeconds:0} /s, {bytes / (double)Math.Max(requests, 1) / 1024:0} KiB each), failed {failures}"));
            Console.WriteLine(Inv($"RSS idle {idle:0.0} MiB, peak under load {peak:0.0} MiB, at the end {atEnd:0.0} MiB, {afterSeconds} s later {after:0.0} MiB = {after / idle * 100:0} % of idle (budget <= 120 %; peak budget <= 120 MB)"));
            return 0;
        }
        finally
        {
            sim.Kill();
            app.Kill();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static HttpClient FromAddress(System.Net.IPAddress from, int port)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    s.Bind(new System.Net.IPEndPoint(from, 0));
                    await s.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), ct);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static double Rss(Process p)
    {
        p.Refresh();
        return p.WorkingSet64 / 1048576.0;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }

    private static int FreeTcpPort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var s = new UdpClient(0);
        return ((System.Net.IPEndPoint)s.Client.LocalEndPoint!).Port;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
