using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FbDisplay.Services.Vnc;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Vnc;

/// <summary>A hostile neighbour (127.0.0.2) against the VNC server, while the owner connects from 127.0.0.1.</summary>
[NonParallelizable]
[CancelAfter(60_000)]
public class VncHostileTests
{
    private static readonly IPAddress Neighbour = IPAddress.Parse("127.0.0.2");

    private static async Task<Socket> SilentAsync(int port, IPAddress from)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(from, 0));
        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return s;
    }

    /// <summary>Seconds until the server closes <paramref name="s"/> (EOF or reset), or null within <paramref name="limit"/>.</summary>
    private static async Task<double?> ClosedAfterAsync(Socket s, Stopwatch since, TimeSpan limit)
    {
        var buffer = new byte[64];
        using var cts = new CancellationTokenSource(limit);
        try
        {
            while (await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return since.Elapsed.TotalSeconds;
    }

    [Test]
    public async Task Silent_sockets_take_no_viewer_slot_and_are_closed_within_seconds(CancellationToken ct)
    {
        await using var bench = new VncTestBench(new VncOptions { Password = VncTestBench.Password, MaxClients = 2, AuthFailureDelay = TimeSpan.Zero });
        var silent = new List<Socket>();
        try
        {
            for (int i = 0; i < 10; i++)
            {
                silent.Add(await SilentAsync(bench.Port, Neighbour));
            }

            await Task.Delay(300, ct);
            using RfbTestClient a = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
            using RfbTestClient b = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
            Assert.That(bench.Server.Counters.Active, Is.EqualTo(2), "both owner's viewers got their slots");
            Assert.That(bench.Server.Counters.PendingRefused, Is.EqualTo(6), "four may wait to authenticate per address; the rest are closed at once");

            var sw = Stopwatch.StartNew();
            double[] closed = (await Task.WhenAll(silent.Select(s => ClosedAfterAsync(s, sw, TimeSpan.FromSeconds(15))))).Select(c => c ?? double.PositiveInfinity).ToArray();
            TestContext.Out.WriteLine($"10 silent VNC sockets: viewers connected 2 of 2; silent ones closed after at most {closed.Max():0.0} s");
            Assert.That(closed, Has.All.LessThan(7.0), "the pre-authentication time-out is a few seconds");
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }
    }

    [Test]
    public async Task Wrong_passwords_from_one_address_meet_a_growing_wait_that_other_addresses_do_not(CancellationToken ct)
    {
        await using var bench = new VncTestBench(new VncOptions
        {
            Password = VncTestBench.Password, AuthFailureDelay = TimeSpan.Zero, FailureBackoff = TimeSpan.FromSeconds(1),
        });

        // As fast as it can for 3 s: only the first guess of each window is checked.
        var sw = Stopwatch.StartNew();
        int tried = 0;
        while (sw.Elapsed < TimeSpan.FromSeconds(3))
        {
            tried++;
            var e = Assert.ThrowsAsync<UnauthorizedAccessException>(async () => (await RfbTestClient.ConnectAsync(bench.Port, "guess" + tried.ToString(CultureInfo.InvariantCulture), ct: ct, from: Neighbour)).Dispose());
            if (tried > 1 && bench.Server.Counters.AuthFailures == 1)
            {
                Assert.That(e!.Message, Does.Contain("Too many wrong passwords"));
            }
        }

        long checkedGuesses = bench.Server.Counters.AuthFailures;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"password guessing from one address for 3 s: {tried} attempts, {checkedGuesses} checked ({checkedGuesses / 3.0:0.0} guesses/s), {bench.Server.Counters.AuthLocked} refused unchecked"));
        Assert.That(checkedGuesses, Is.InRange(1, 2), "1 s, then 2 s: at most two guesses are checked in 3 s");
        Assert.That(bench.Server.Counters.AuthLocked, Is.EqualTo(tried - checkedGuesses));

        // Guess until one more is checked: that opens a fresh window (the third failure: 4 s).
        long failures = bench.Server.Counters.AuthFailures;
        while (bench.Server.Counters.AuthFailures == failures)
        {
            Assert.ThrowsAsync<UnauthorizedAccessException>(async () => (await RfbTestClient.ConnectAsync(bench.Port, "guess", ct: ct, from: Neighbour)).Dispose());
        }

        // The owner, elsewhere, is not held up; the neighbour with the right password still waits out its window.
        using (RfbTestClient owner = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct))
        {
            Assert.That(owner.Width, Is.EqualTo(800));
        }

        Assert.ThrowsAsync<UnauthorizedAccessException>(async () => (await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct, from: Neighbour)).Dispose());
        await Task.Delay(TimeSpan.FromSeconds(4.2), ct);
        using RfbTestClient late = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct, from: Neighbour);
        Assert.That(late.Width, Is.EqualTo(800), "after the window the right password is taken (and clears the address)");
    }

    [Test]
    public async Task The_bind_setting_keeps_vnc_off_every_other_address(CancellationToken ct)
    {
        await using var bench = new VncTestBench(new VncOptions { Password = VncTestBench.Password, AuthFailureDelay = TimeSpan.Zero, Bind = Neighbour });
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct, to: Neighbour);
        Assert.That(c.Width, Is.EqualTo(800));
        Assert.ThrowsAsync(Is.InstanceOf<SocketException>(), async () => (await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct)).Dispose());
    }
}
