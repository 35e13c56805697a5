using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FbDisplay.TestSupport;

/// <summary>
/// A real Kestrel HTTPS server on a free port serving files from a dictionary (path -> bytes), with a self-signed
/// certificate for the given IP addresses. <see cref="CertificatePem"/> is what a client must trust explicitly.
/// <see cref="CutAfterBytes"/> makes every file response announce its full length but stop early (a truncated download).
/// </summary>
public sealed class HttpsFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _cert;

    private HttpsFileServer(WebApplication app, X509Certificate2 cert, IPAddress address, int port)
    {
        _app = app;
        _cert = cert;
        Port = port;
        Address = address;
        CertificatePem = cert.ExportCertificatePem();
    }

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public int Port { get; }

    public IPAddress Address { get; }

    public string CertificatePem { get; }

    /// <summary>When set, file bodies stop after this many bytes (and the connection is closed).</summary>
    public long? CutAfterBytes { get; set; }

    /// <summary>Requests served, by path.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>The address the client uses: https://NAME:port/ where NAME defaults to the listening address.</summary>
    public Uri Url(string path, string? host = null) => new($"https://{host ?? Address.ToString()}:{Port}/{path.TrimStart('/')}");

    /// <summary>Starts on <paramref name="address"/> (e.g. 127.0.0.1, or 0.0.0.0 for a VM guest) with a certificate for <paramref name="certificateIps"/>.</summary>
    public static async Task<HttpsFileServer> StartAsync(IPAddress address, params IPAddress[] certificateIps)
    {
        X509Certificate2 cert = CreateCertificate(certificateIps.Length > 0 ? certificateIps : [IPAddress.Loopback]);
        int port = FreePort.Tcp();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port, l => l.UseHttps(cert)));
        WebApplication app = builder.Build();
        var server = new HttpsFileServer(app, cert, address, port);
        app.Run(server.ServeAsync);
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    private async Task ServeAsync(HttpContext context)
    {
        string path = context.Request.Path.Value?.TrimStart('/') ?? "";
        lock (Requests)
        {
            Requests.Add(path);
        }

        if (!Files.TryGetValue(path, out byte[]? body))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentLength = body.Length;
        if (CutAfterBytes is { } cut && cut < body.Length)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(0, (int)cut)).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            return; // fewer bytes than Content-Length: Kestrel ends the connection, as a dropped download would

        }

        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    private static X509Certificate2 CreateCertificate(IPAddress[] ips)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fbdisplay test update server", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (IPAddress ip in ips)
        {
            san.AddIpAddress(ip);
        }

        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 created = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2060, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _cert.Dispose();
    }
}
