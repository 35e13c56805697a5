using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using FbDisplay.Core.Text;
using FbDisplay.Core.Status;
using FbDisplay.Services.History;
using FbDisplay.Services.Metrics;
using FbDisplay.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FbDisplay.Services.Web;

/// <summary>Produces the current screen as PNG, or null when there is no screen.</summary>
public delegate Task<byte[]?> ScreenshotProvider(CancellationToken ct);

/// <summary>
/// The display's own web server (Kestrel): a live status page, /api/status (the CompleteStatus JSON), /metrics
/// (Prometheus), /screen.png, and with a history store /api/history and /api/log.csv (docs/history.md). Runs on the thread pool; reads state only through <see cref="StatusBoard"/>.
/// </summary>
public sealed class StatusWebServer : IAsyncDisposable
{
    /// <summary>Open connections the server holds at most (Kestrel's <c>MaxConcurrentConnections</c>).</summary>
    public const int MaxConnections = 96;

    /// <summary>Open connections one remote address may hold (a browser opens up to six, plus the screen's WebSocket).</summary>
    public const int MaxConnectionsPerAddress = 8;

    /// <summary>An idle keep-alive connection (or one that never sends a request) is closed after this.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A request's headers must arrive within this (slowloris).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly Func<DisplayLanguage> _displayLanguage;
    private readonly PerAddressConnectionLimit _perAddress = new(MaxConnectionsPerAddress);

    /// <summary>
    /// Builds the server; <paramref name="history"/> adds /api/history and /api/log.csv (without it they answer 503),
    /// <paramref name="time"/> is the clock for "the last hour" and the CSV's local time (default: the system's), and
    /// <paramref name="language"/> the display's language, the page's default (/api/texts; default English).
    /// </summary>
    public StatusWebServer(
        string urls, StatusBoard board, ScreenshotProvider screenshot, IMetricsSource metrics, Func<(string BmsId, string DisplayId)> ids,
        ILoggerFactory loggers, IHistorySource? history = null, TimeProvider? time = null, Func<DisplayLanguage>? language = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k =>
        {
            // A LAN page and a few graphs need little: idle and slow connections are cut within seconds, and one
            // address holds at most a browser's worth of connections (docs/security.md).
            k.Limits.MaxConcurrentConnections = MaxConnections;
            k.Limits.MaxConcurrentUpgradedConnections = MaxConnections / 2;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.KeepAliveTimeout = KeepAliveTimeout;
            k.Limits.RequestHeadersTimeout = RequestHeadersTimeout;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            k.Limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            k.ConfigureEndpointDefaults(listen => listen.Use(_perAddress.Middleware));
        });
        _app = builder.Build();

        byte[] index = ReadResource("index.html");
        _app.MapGet("/", () => Results.Bytes(index, "text/html; charset=utf-8"));
        Func<DisplayLanguage> displayLanguage = _displayLanguage = language ?? (() => DisplayLanguage.English);
        _app.MapGet("/api/texts", (string? lang) => Results.Bytes(WebTexts.Json(lang, displayLanguage()), "application/json; charset=utf-8"));
        _app.MapGet("/api/status", (HttpContext http) =>
        {
            var snapshot = new StatusSnapshot();
            board.Read(snapshot);
            (string bms, string display) = ids();
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(8192);
            using (var w = new Utf8JsonWriter(buffer))
            {
                snapshot.WriteJson(w, bms, display);
            }

            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(buffer.WrittenMemory, "application/json");
        });
        _app.MapGet("/metrics", () =>
        {
            var text = new MetricsText();
            metrics.WriteMetrics(text);
            text.Add("fbdisplay_web_connections_refused_total", "Web connections closed because their address already held the most allowed.", "counter", _perAddress.Refused);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        _app.MapGet("/screen.png", async (HttpContext http, CancellationToken ct) =>
        {
            byte[]? png = await screenshot(ct).ConfigureAwait(false);
            http.Response.Headers.CacheControl = "no-store";
            return png is null ? Results.Text("No screen is running.", HistoryEndpoints.PlainText, statusCode: StatusCodes.Status503ServiceUnavailable) : Results.Bytes(png, "image/png");
        });
        _app.MapGet("/lib/{name}", (string name, HttpContext http) =>
        {
            if (!Libraries.TryGetValue(name, out (byte[] Bytes, string Type) lib))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(lib.Bytes, lib.Type);
        });
        foreach ((string path, (byte[] bytes, string type)) in AppFiles)
        {
            _app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=86400";
                return Results.Bytes(bytes, type);
            });
        }

        HistoryEndpoints.Map(_app, history, time ?? TimeProvider.System);
    }

    // Add to home screen, served by the display itself (no Internet): the manifest and icons drawn by our own code
    // (tests/FbDisplay.App.Tests/Web/WebIconTests.cs). iOS asks for /apple-touch-icon.png even without the link.
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> AppFiles = new(StringComparer.Ordinal)
    {
        ["/manifest.webmanifest"] = (ReadResource("manifest.webmanifest"), "application/manifest+json"),
        ["/icon-192.png"] = (ReadResource("icon-192.png"), "image/png"),
        ["/icon-512.png"] = (ReadResource("icon-512.png"), "image/png"),
        ["/apple-touch-icon.png"] = (ReadResource("apple-touch-icon.png"), "image/png"),
        ["/favicon.ico"] = (ReadResource("icon-192.png"), "image/png"),
    };

    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Libraries = new(StringComparer.Ordinal)
    {
        ["uPlot.iife.min.js"] = (ReadResource("lib.uPlot.iife.min.js"), "text/javascript; charset=utf-8"),
        ["uPlot.min.css"] = (ReadResource("lib.uPlot.min.css"), "text/css; charset=utf-8"),
    };

    /// <summary>Serves <paramref name="body"/>'s JSON at <paramref name="path"/> (e.g. /api/alarms); call before <see cref="StartAsync"/>.</summary>
    public void AddJson(string path, Func<byte[]> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _app.MapGet(path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(body(), "application/json");
        });
    }

    /// <summary>Serves <paramref name="body"/> as a file to save (<paramref name="fileName"/>), made afresh for each request; call before <see cref="StartAsync"/>.</summary>
    public void AddDownload(string path, string fileName, Func<CancellationToken, Task<byte[]>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _app.MapGet(path, async (HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            return Results.Bytes(await body(ct).ConfigureAwait(false), "application/json");
        });
    }

    /// <summary>
    /// Adds the browser screen view: /screen (a page around noVNC), /novnc/* (noVNC's modules, embedded at build time)
    /// and /websockify, which runs each WebSocket as an RFB session. Call before <see cref="StartAsync"/>.
    /// </summary>
    public void AddScreenSharing(Func<WebSocket, string, CancellationToken, Task> runSession)
    {
        ArgumentNullException.ThrowIfNull(runSession);
        byte[] page = ReadResource("screen.html");
        MapSharingState(sharing: true);
        const string prefix = "FbDisplay.Services.novnc/";
        var files = new ConcurrentDictionary<string, byte[]>();
        var names = Assembly.GetExecutingAssembly().GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        _app.MapGet("/screen", () => Results.Bytes(page, "text/html; charset=utf-8"));
        _app.MapGet("/novnc/{**path}", (string path, HttpContext http) =>
        {
            if (!names.Contains(prefix + path))
            {
                return Results.NotFound();
            }

            byte[] bytes = files.GetOrAdd(path, p => ReadResourceNamed(prefix + p));
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(bytes, path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/plain; charset=utf-8");
        });
        _app.Map("/websockify", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return Results.Text("WebSocket only.", HistoryEndpoints.PlainText, statusCode: StatusCodes.Status400BadRequest);
            }

            // Another site's page must not drive the screen through the visitor's browser.
            string? origin = http.Request.Headers.Origin;
            if (!string.IsNullOrEmpty(origin)
                && (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? o) || !string.Equals(o.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            string? protocol = http.WebSockets.WebSocketRequestedProtocols.Contains("binary") ? "binary" : null;
            using WebSocket socket = await http.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
            await runSession(socket, http.Connection.RemoteIpAddress?.ToString() ?? "?", http.RequestAborted).ConfigureAwait(false);
            return Results.Empty;
        });
    }

    /// <summary>
    /// While screen sharing is off: /screen answers a short page saying <paramref name="why"/>, what to set and where
    /// (in the display's language, or the one ?lang= names), and /api/screen tells the live page so it can mark its link.
    /// Call instead of <see cref="AddScreenSharing"/>.
    /// </summary>
    public void AddScreenSharingOff(Say why)
    {
        ArgumentNullException.ThrowIfNull(why);
        string template = Encoding.UTF8.GetString(ReadResource("screen-off.html")).Replace("{key}", Catalog.Vnc.Password.Key, StringComparison.Ordinal);
        byte[][] pages = [.. DisplayLanguages.All.Select(l => Encoding.UTF8.GetBytes(WebTexts.Page(template, l)
            .Replace("{why}", WebUtility.HtmlEncode(why.In(l)), StringComparison.Ordinal)))];
        MapSharingState(sharing: false);
        _app.MapGet("/screen", (HttpContext http, string? lang) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(pages[(int)WebTexts.Pick(lang, _displayLanguage())], "text/html; charset=utf-8");
        });
    }

    private void MapSharingState(bool sharing)
    {
        byte[] json = sharing ? "{\"sharing\":true}"u8.ToArray() : "{\"sharing\":false}"u8.ToArray();
        _app.MapGet("/api/screen", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(json, "application/json");
        });
    }

    /// <summary>The addresses Kestrel actually bound (after port 0 is resolved).</summary>
    public ICollection<string> Urls => _app.Urls;

    public Task StartAsync(CancellationToken ct = default) => _app.StartAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static byte[] ReadResource(string name) => ReadResourceNamed($"FbDisplay.Services.Web.{name}");

    private static byte[] ReadResourceNamed(string name)
    {
        using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing web resource {name}");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
