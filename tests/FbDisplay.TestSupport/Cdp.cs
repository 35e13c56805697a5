using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FbDisplay.TestSupport;

/// <summary>
/// Headless Chromium driven over the DevTools protocol with a plain WebSocket: just enough to evaluate JavaScript,
/// click and take screenshots. Chromium picks its own debugging port and writes it to DevToolsActivePort.
/// </summary>
public sealed class Cdp : IAsyncDisposable
{
    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private Cdp(Process browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    public static async Task<Cdp> LaunchAsync(string url, int width, int height, CancellationToken ct)
    {
        DebianPackages.Require("/usr/bin/chromium", "chromium");
        string profile = Path.Combine(Path.GetTempPath(), $"fbd-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo("/usr/bin/chromium") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-port=0",
            $"--window-size={width},{height}", "--hide-scrollbars", url,
        })
        {
            psi.ArgumentList.Add(a);
        }

        var browser = Process.Start(psi)!;
        browser.OutputDataReceived += (_, _) => { };
        browser.ErrorDataReceived += (_, _) => { };
        browser.BeginOutputReadLine();
        browser.BeginErrorReadLine();
        var cdp = new Cdp(browser, profile);
        string portFile = Path.Combine(profile, "DevToolsActivePort");
        using var http = new HttpClient();
        string? wsUrl = null;
        for (int i = 0; i < 300 && wsUrl is null; i++)
        {
            await Task.Delay(100, ct);
            if (!File.Exists(portFile) || File.ReadAllLines(portFile) is not [string port, ..])
            {
                continue;
            }

            try
            {
                JsonArray targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", ct))!.AsArray();
                wsUrl = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            }
            catch (HttpRequestException)
            {
                // not yet listening
            }
        }

        if (wsUrl is null)
        {
            await cdp.DisposeAsync();
            throw new TimeoutException("Chromium did not expose a page over DevTools");
        }

        await cdp._socket.ConnectAsync(new Uri(wsUrl), ct);
        return cdp;
    }

    /// <summary>Sends one command and returns its result, skipping events.</summary>
    public async Task<JsonNode> SendAsync(string method, object? parameters, CancellationToken ct)
    {
        int id = ++_nextId;
        byte[] request = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(request, WebSocketMessageType.Text, true, ct);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await _socket.ReceiveAsync(buffer, ct);
                message.Write(buffer, 0, r.Count);
            }
            while (!r.EndOfMessage);
            JsonNode reply = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
            if ((int?)reply["id"] != id)
            {
                continue;
            }

            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            }

            return reply["result"]!;
        }
    }

    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken ct)
    {
        JsonNode result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, ct);
        return result["result"]?["value"];
    }

    public async Task WaitForAsync(string expression, CancellationToken ct, int timeoutMs = 20_000)
    {
        long end = Environment.TickCount64 + timeoutMs;
        while ((await EvaluateAsync(expression, ct))?.GetValue<bool>() != true)
        {
            if (Environment.TickCount64 > end)
            {
                throw new TimeoutException($"'{expression}' never became true");
            }

            await Task.Delay(100, ct);
        }
    }

    public async Task ClickAsync(double x, double y, CancellationToken ct)
    {
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x, y }, ct);
        await SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x, y, button = "left", buttons = 1, clickCount = 1 }, ct);
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x, y, button = "left", buttons = 0, clickCount = 1 }, ct);
    }

    public async Task<byte[]> ScreenshotPngAsync(CancellationToken ct)
    {
        JsonNode r = await SendAsync("Page.captureScreenshot", new { format = "png" }, ct);
        return Convert.FromBase64String(r["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_browser.HasExited)
        {
            _browser.Kill(entireProcessTree: true);
            await _browser.WaitForExitAsync();
        }

        _browser.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still be letting go of files.
        }
    }
}
