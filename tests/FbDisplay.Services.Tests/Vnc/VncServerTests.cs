using System.Net.Sockets;
using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.Services.Vnc;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Vnc;

[CancelAfter(60_000)]
public class VncServerTests
{
    private static readonly int[] RawOnly = [RfbEncoding.Raw];
    private static readonly int[] TightFirst = [RfbEncoding.Tight, RfbEncoding.Raw];

    [Test]
    public async Task A_raw_full_update_is_the_screen_byte_for_byte(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        bench.Paint(new PixelRect(0, 0, 800, 480), seed: 1);
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        Assert.That((c.Width, c.Height, c.Name), Is.EqualTo((800, 480, "FbDisplay")));
        await c.SetEncodingsAsync(RawOnly, ct);
        await c.RequestAsync(incremental: false, ct: ct);
        Assert.That(await c.ReadUpdateAsync(ct), Is.EqualTo(1));
        Assert.That(c.LastEncoding, Is.EqualTo(RfbEncoding.Raw));
        Assert.That(c.ToBgra(), Is.EqualTo(bench.Back));
    }

    [Test]
    public async Task A_tight_client_gets_the_screen_byte_for_byte_and_then_only_what_changed(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        bench.Paint(new PixelRect(0, 0, 800, 480), seed: 2);
        bench.FillSolid(new PixelRect(0, 0, 800, 100), 10, 20, 30);
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        await c.SetEncodingsAsync(TightFirst, ct);
        await c.RequestAsync(incremental: false, ct: ct);
        await c.ReadUpdateAsync(ct);
        Assert.That(c.LastEncoding, Is.EqualTo(RfbEncoding.Tight));
        Assert.That(c.ToBgra(), Is.EqualTo(bench.Back));
        long full = c.BytesReceived;

        await c.RequestAsync(incremental: true, ct: ct);
        bench.Paint(new PixelRect(100, 200, 40, 20), seed: 3);
        bench.Paint(new PixelRect(600, 10, 2, 2), seed: 4); // below Tight's 12-byte compression threshold
        long before = c.BytesReceived;
        int rects = await c.ReadUpdateAsync(ct);
        await c.RequestAsync(incremental: true, ct: ct);
        if (rects < 2)
        {
            rects += await c.ReadUpdateAsync(ct); // the two flushes may arrive as one update or two
        }

        Assert.That(rects, Is.EqualTo(2));
        Assert.That(c.ToBgra(), Is.EqualTo(bench.Back));
        Assert.That(c.BytesReceived - before, Is.LessThan(40 * 20 * 4), "a small change costs no more than its raw pixels");
        TestContext.Out.WriteLine($"full frame {full} bytes (raw would be {800 * 480 * 4}), small change {c.BytesReceived - before} bytes");
    }

    [Test]
    public async Task A_slow_client_gets_the_union_of_many_frames_in_one_update(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        await c.SetEncodingsAsync(RawOnly, ct);
        await c.RequestAsync(incremental: false, ct: ct);
        await c.ReadUpdateAsync(ct);
        for (int i = 0; i < 2000; i++)
        {
            bench.Paint(new PixelRect(i % 700, (i * 13) % 400, 30, 30), seed: i); // more frames than the change log holds
        }

        await c.RequestAsync(incremental: true, ct: ct);
        await c.ReadUpdateAsync(ct);
        Assert.That(c.ToBgra(), Is.EqualTo(bench.Back));
    }

    [Test]
    public async Task A_client_in_rgb565_big_endian_gets_the_screen_converted(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        bench.Paint(new PixelRect(0, 0, 800, 480), seed: 5);
        var rgb565 = new RfbPixelFormat(16, 16, true, true, 31, 63, 31, 11, 5, 0);
        foreach (int[] encodings in new[] { RawOnly, TightFirst })
        {
            using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
            await c.SetPixelFormatAsync(rgb565, ct);
            await c.SetEncodingsAsync(encodings, ct);
            await c.RequestAsync(incremental: false, ct: ct);
            await c.ReadUpdateAsync(ct);
            for (int y = 0; y < 480; y += 37)
            {
                for (int x = 0; x < 800; x += 53)
                {
                    int i = ((y * 800) + x) * 4;
                    int expected = ((((bench.Back[i + 2] * 31) + 127) / 255) << 11) | ((((bench.Back[i + 1] * 63) + 127) / 255) << 5) | (((bench.Back[i] * 31) + 127) / 255);
                    int got = (c.Framebuffer[((y * 800) + x) * 2] << 8) | c.Framebuffer[(((y * 800) + x) * 2) + 1];
                    Assert.That(got, Is.EqualTo(expected), $"pixel {x},{y} with encodings [{string.Join(',', encodings)}]");
                }
            }
        }
    }

    [Test]
    public async Task A_noVNC_style_rgbx_format_gets_the_same_colours(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        bench.Paint(new PixelRect(0, 0, 800, 480), seed: 6);
        var rgbx = new RfbPixelFormat(32, 24, false, true, 255, 255, 255, 0, 8, 16);
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        await c.SetPixelFormatAsync(rgbx, ct);
        await c.SetEncodingsAsync(TightFirst, ct);
        await c.RequestAsync(incremental: false, ct: ct);
        await c.ReadUpdateAsync(ct);
        for (int i = 0; i < bench.Back.Length; i += 4 * 997)
        {
            Assert.That(c.Framebuffer.AsSpan(i, 3).ToArray(), Is.EqualTo(new[] { bench.Back[i + 2], bench.Back[i + 1], bench.Back[i] }));
        }
    }

    [TestCase("RFB 003.003\n")]
    [TestCase("RFB 003.007\n")]
    [TestCase("RFB 003.889\n")]
    public async Task Older_and_newer_protocol_versions_connect(string version, CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        bench.Paint(new PixelRect(0, 0, 800, 480), seed: 7);
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, version, ct);
        await c.RequestAsync(incremental: false, ct: ct);
        await c.ReadUpdateAsync(ct);
        Assert.That(c.ToBgra(), Is.EqualTo(bench.Back));
    }

    [Test]
    public async Task A_wrong_password_is_refused_and_counted(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        Assert.ThrowsAsync<UnauthorizedAccessException>(async () => (await RfbTestClient.ConnectAsync(bench.Port, "guess", ct: ct)).Dispose());
        await Eventually.TrueAsync(() => bench.Server.Counters.AuthFailures == 1 && bench.Server.Counters.Active == 0, ct);
    }

    [Test]
    public async Task Without_a_password_only_AllowNoPassword_lets_anyone_in(CancellationToken ct)
    {
        Assert.That(new VncOptions().Problem(), Does.Contain("Vnc:Password"));
        await using var bench = new VncTestBench(new VncOptions { AllowNoPassword = true });
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, password: null, ct: ct);
        Assert.That(c.Width, Is.EqualTo(800));
    }

    [Test]
    public async Task Button_one_becomes_down_move_up_touches_and_view_only_ignores_it(CancellationToken ct)
    {
        await using var bench = new VncTestBench();
        using RfbTestClient c = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        await c.PointerAsync(0, 10, 10, ct); // hover: nothing
        await c.PointerAsync(1, 300, 20, ct);
        await c.PointerAsync(1, 300, 20, ct); // same place: no move
        await c.PointerAsync(1, 310, 25, ct);
        await c.PointerAsync(0, 310, 25, ct);
        await c.PointerAsync(1, 9000, 9000, ct); // clamped to the screen
        c.Dispose(); // gone with the button down: the finger is lifted for it
        var got = new List<(TouchAction, int, int)>();
        while (got.Count < 5)
        {
            TouchEvent t = await bench.Touches.Reader.ReadAsync(ct);
            got.Add((t.Action, t.X, t.Y));
        }

        Assert.That(got, Is.EqualTo(new[]
        {
            (TouchAction.Down, 300, 20), (TouchAction.Move, 310, 25), (TouchAction.Up, 310, 25),
            (TouchAction.Down, 799, 479), (TouchAction.Up, 799, 479),
        }));

        await using var viewOnly = new VncTestBench(new VncOptions { Password = VncTestBench.Password, ViewOnly = true });
        using RfbTestClient v = await RfbTestClient.ConnectAsync(viewOnly.Port, VncTestBench.Password, ct: ct);
        await v.PointerAsync(1, 300, 20, ct);
        await v.PointerAsync(0, 300, 20, ct);
        await Eventually.TrueAsync(() => viewOnly.Server.Counters.PointerEvents == 2, ct);
        Assert.That(viewOnly.Touches.Reader.TryRead(out _), Is.False);
    }

    [Test]
    public async Task More_clients_than_MaxClients_are_turned_away(CancellationToken ct)
    {
        await using var bench = new VncTestBench(new VncOptions { Password = VncTestBench.Password, MaxClients = 2 });
        using RfbTestClient a = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        using RfbTestClient b = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
        Assert.ThrowsAsync(Is.InstanceOf<UnauthorizedAccessException>().With.Message.Contains("Too many viewers"), async () => (await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct)).Dispose());
        Assert.That(bench.Server.Counters.Rejected, Is.EqualTo(1));
    }

    [Test]
    public void The_vnc_password_is_bit_reversed_into_the_des_key()
    {
        // "password" as every VNC viewer stores it (vncpasswd -f): DES(key = bit-reversed bytes) of the fixed d3s key.
        Assert.That(VncAuth.Key("ab"), Is.EqualTo(new byte[] { 0x86, 0x46, 0, 0, 0, 0, 0, 0 }));
        Assert.That(VncAuth.Key("123456789"), Has.Length.EqualTo(8));
        Assert.That(VncAuth.IsUsablePassword("", out _), Is.False, "an all-zero key is a DES weak key");
    }

    [Test]
    public void The_change_log_merges_and_collapses_to_a_bounding_box_when_full()
    {
        var acc = new DirtyAccumulator(capacity: 3);
        acc.Add(new PixelRect(0, 0, 10, 10));
        acc.Add(new PixelRect(2, 2, 3, 3)); // contained
        acc.Add(new PixelRect(10, 0, 10, 10)); // adjacent: union is no bigger
        Assert.That(acc.Rects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 20, 10) }));
        acc.Add(new PixelRect(100, 100, 1, 1));
        acc.Add(new PixelRect(200, 200, 1, 1));
        acc.Add(new PixelRect(300, 300, 1, 1));
        Assert.That(acc.Count, Is.LessThanOrEqualTo(3));
        Assert.That(acc.Rects.ToArray(), Has.Some.EqualTo(new PixelRect(0, 0, 301, 301)));
    }

    internal static async Task<Socket> RawConnectAsync(int port, CancellationToken ct)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync("127.0.0.1", port, ct);
        return s;
    }
}
