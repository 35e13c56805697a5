using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;
using FbDisplay.Core.Text;

namespace FbDisplay.Services.Update;

/// <summary>One bundle named by the feed: its address (absolute, or relative to the feed) and, optionally, size and SHA-256.</summary>
public sealed record UpdateFeedBundle(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("sha256")] string? Sha256);

/// <summary>The feed document (<c>latest.json</c>): the latest version and one bundle per runtime identifier.</summary>
public sealed record UpdateFeedDocument(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("bundles")] IReadOnlyDictionary<string, UpdateFeedBundle> Bundles);

/// <summary>
/// Reads the HTTPS feed and downloads the bundle it names into a file. TLS only; the server certificate is checked
/// against the system's roots, or only against <c>Update:CaFile</c> when set (a private CA). No revocation check on an
/// offline appliance. A download shorter than announced is a <see cref="UpdateOutcome.Truncated"/> refusal.
/// </summary>
public sealed class UpdateFeed : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    /// <param name="caFile">PEM file of the root(s) to trust instead of the system's; null for the system's.</param>
    /// <param name="handler">For tests; the default is a SocketsHttpHandler with the trust above.</param>
    public UpdateFeed(string? caFile = null, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? CreateHandler(caFile), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public static SocketsHttpHandler CreateHandler(string? caFile)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15), AutomaticDecompression = System.Net.DecompressionMethods.None };
        if (!string.IsNullOrEmpty(caFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            if (roots.Count == 0)
            {
                throw new CryptographicException($"{caFile} holds no certificate.");
            }

            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }

    /// <summary>Fetches and parses the feed. Throws <see cref="UpdateRefusedException"/> (Unreachable) with a readable message.</summary>
    internal async Task<UpdateFeedDocument> ReadFeedAsync(Uri feed, CancellationToken ct)
    {
        RequireHttps(feed);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(feed, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new UpdateRefusedException(UpdateOutcome.Unreachable, $"The update feed {feed} answered {(int)response.StatusCode} {response.ReasonPhrase}. Nothing was installed.");
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            UpdateFeedDocument? doc = JsonSerializer.Deserialize(body, ManifestJson.Default.UpdateFeedDocument);
            if (doc?.Version is null || doc.Bundles is null || !ReleaseVersion.TryParse(doc.Version, out _))
            {
                throw new UpdateRefusedException(UpdateOutcome.Failed, $"The update feed {feed} does not name a version and its bundles. Nothing was installed.");
            }

            return doc;
        }
        catch (JsonException e)
        {
            throw new UpdateRefusedException(UpdateOutcome.Failed, $"The update feed {feed} is not valid JSON ({e.Message}). Nothing was installed.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw Unreachable(feed, e);
        }
    }

    /// <summary>Downloads <paramref name="bundle"/> to <paramref name="file"/>; checks the announced size and hash.</summary>
    internal async Task DownloadAsync(Uri url, UpdateFeedBundle bundle, string file, IProgress<UpdateProgress>? progress, CancellationToken ct)
    {
        RequireHttps(url);
        try
        {
            using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
            headers.CancelAfter(ReadTimeout);
            using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new UpdateRefusedException(UpdateOutcome.Unreachable, $"Downloading {url} failed: {(int)response.StatusCode} {response.ReasonPhrase}. Nothing was installed.");
            }

            long? announced = bundle.Size ?? response.Content.Headers.ContentLength;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long got = 0;
            await using (Stream body = await response.Content.ReadAsStreamAsync(headers.Token).ConfigureAwait(false))
            await using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                byte[] buffer = new byte[81920];
                while (true)
                {
                    int n;
                    using (var read = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        read.CancelAfter(ReadTimeout); // a stalled connection, not a slow one, is given up
                        try
                        {
                            n = await body.ReadAsync(buffer, read.Token).ConfigureAwait(false);
                        }
                        catch (IOException e)
                        {
                            throw new UpdateRefusedException(UpdateOutcome.Truncated,
                                $"The download of {url} is truncated: the connection broke after {got} bytes ({e.Message.TrimEnd('.')}). Nothing was installed.");
                        }
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    got += n;
                    sha.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                    progress?.Report(new UpdateProgress(Say.Of(Tx.UpdateStageDownloading), announced is > 0 ? Math.Min(1.0, (double)got / announced.Value) : null));
                }

                output.Flush(flushToDisk: true);
            }

            if (announced is { } size && got != size)
            {
                throw new UpdateRefusedException(UpdateOutcome.Truncated, $"The download of {url} is truncated: {got} of {size} bytes arrived. Nothing was installed.");
            }

            if (bundle.Sha256 is { Length: > 0 } expected && !string.Equals(Convert.ToHexStringLower(sha.GetHashAndReset()), expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new UpdateRefusedException(UpdateOutcome.DamagedFile, $"The download of {url} does not match the feed's SHA-256. Nothing was installed.");
            }
        }
        catch (HttpIOException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            throw new UpdateRefusedException(UpdateOutcome.Truncated, $"The download of {url} is truncated: the server closed the connection early. Nothing was installed.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw Unreachable(url, e);
        }
    }

    public void Dispose() => _http.Dispose();

    private static void RequireHttps(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new UpdateRefusedException(UpdateOutcome.Failed, $"The update feed must be an https:// address, not {url}. Nothing was installed.");
        }
    }

    private static UpdateRefusedException Unreachable(Uri url, Exception e)
    {
        string why = e is OperationCanceledException ? "no answer within 30 s" : (e.InnerException?.Message ?? e.Message).TrimEnd('.');
        return new UpdateRefusedException(UpdateOutcome.Unreachable, $"No network connection to {url.Host} ({why}). Nothing was installed.");
    }
}
