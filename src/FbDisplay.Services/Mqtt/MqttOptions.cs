using System.Globalization;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FbDisplay.Settings;
using MQTTnet;

namespace FbDisplay.Services.Mqtt;

/// <summary>Connection state of a reconnecting MQTT client.</summary>
public enum MqttConnectionState
{
    Disconnected,
    Connecting,
    Connected,
}

/// <summary>Host, port and whether TLS is used, resolved from Mqtt:Url or the aws_url file.</summary>
public sealed record MqttEndpoint(string Host, int Port, bool UseTls)
{
    public override string ToString() => $"{(UseTls ? "mqtts" : "mqtt")}://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A setting or certificate file that stops MQTT from connecting; the message says which and why.</summary>
public sealed class MqttConfigurationException(string message) : Exception(message);

/// <summary>MQTT settings (keys under <c>Mqtt:</c>) and the certificate files in the data directory.</summary>
public sealed record MqttOptions
{
    public const string UrlFileName = "aws_url";
    public const string CertificateFileName = "aws_cert.pem.crt";
    public const string KeyFileName = "aws_privkey.pem.key";
    public const string CaFileName = "aws_ca.pem";
    public const int PlainPort = 1883;
    public const int TlsPort = 8883;

    public MqttMode Mode { get; init; }

    /// <summary><c>mqtt://host[:1883]</c> or <c>mqtts://host[:8883]</c>; a bare host means mqtts. Empty = the host in <c>aws_url</c>, TLS, 8883.</summary>
    public string Url { get; init; } = "";

    /// <summary>The controller's id: the topic is EVTV/&lt;BmsId&gt;/CompleteStatus.</summary>
    public string BmsId { get; init; } = "";

    /// <summary>This display's MQTT client id; must differ between displays.</summary>
    public string DisplayId { get; init; } = "";

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Where aws_url, aws_cert.pem.crt, aws_privkey.pem.key and the optional aws_ca.pem live (the data directory).</summary>
    public string CertificateDirectory { get; init; } = "";

    public string TopicRoot { get; init; } = "EVTV";

    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A dead link without a TCP reset is noticed after about 1.5 of these.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Bigger incoming messages are counted and ignored unread.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>How long a RECEIVER waits for a SENDER to report a settings SAVE.</summary>
    public TimeSpan SettingsTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether a SENDER forwards settings from receivers to the controller (Mqtt:RelaySettings).</summary>
    public bool RelaySettings { get; init; } = true;

    /// <summary>Publish Home Assistant discovery configs as a SENDER (Mqtt:HomeAssistant; off by default: AWS bills per message).</summary>
    public bool HomeAssistantDiscovery { get; init; }

    public string StatusTopic => $"{TopicRoot}/{BmsId}/CompleteStatus";

    /// <summary>Settings saved on a RECEIVER, for the SENDER to forward (docs/status-json.md).</summary>
    public string SettingsTopic => $"{TopicRoot}/{BmsId}/Settings";

    public string SettingsResultTopic => $"{TopicRoot}/{BmsId}/SettingsResult";

    /// <summary>The MQTT settings of the catalogue; the certificate directory is the data directory. A mode whose ids
    /// cannot make topics is reported and turned off.</summary>
    public static MqttOptions Read(SettingsReader settings, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var o = new MqttOptions
        {
            Mode = settings.Get(Catalog.Mqtt.Mode),
            Url = settings.Get(Catalog.Mqtt.Url).Trim(),
            BmsId = settings.Get(Catalog.Mqtt.BmsId).Trim(),
            DisplayId = settings.Get(Catalog.Mqtt.DisplayId).Trim() is { Length: > 0 } id ? id : DefaultDisplayId(),
            Username = settings.Get(Catalog.Mqtt.Username) is { Length: > 0 } u ? u : null,
            Password = settings.Get(Catalog.Mqtt.Password) is { Length: > 0 } p ? p : null,
            RelaySettings = settings.Get(Catalog.Mqtt.RelaySettings),
            HomeAssistantDiscovery = settings.Get(Catalog.Mqtt.HomeAssistant),
            CertificateDirectory = dataDirectory,
        };
        if (o.Mode != MqttMode.Off && o.Validate() is { } why)
        {
            settings.Problems.Report(Catalog.Mqtt.Mode.Key, why + " MQTT is off.");
            o = o with { Mode = MqttMode.Off };
        }

        return o;
    }

    /// <summary>"fbdisplay-&lt;hostname&gt;" (a host already named fbdisplay-... keeps its name as it is).</summary>
    public static string DefaultDisplayId() =>
        Environment.MachineName.StartsWith("fbdisplay-", StringComparison.OrdinalIgnoreCase) ? Environment.MachineName : "fbdisplay-" + Environment.MachineName;

    /// <summary>Null when the ids can make topics; otherwise what is wrong.</summary>
    public string? Validate()
    {
        if (!IsTopicLevel(BmsId))
        {
            return $"{Catalog.Mqtt.BmsId.Key} '{BmsId}' must be set and contain no '/', '+', '#'.";
        }

        if (string.IsNullOrWhiteSpace(DisplayId) || DisplayId.Length > 128)
        {
            return $"{Catalog.Mqtt.DisplayId.Key} must be set (1-128 characters).";
        }

        return null;
    }

    private static bool IsTopicLevel(string s) =>
        s.Length is > 0 and <= 64 && s.IndexOfAny(['/', '+', '#', '\0']) < 0 && !s.Any(char.IsControl);

    /// <summary>Resolves the broker from <see cref="Url"/> or the aws_url file.</summary>
    public MqttEndpoint ResolveEndpoint()
    {
        string url = Url;
        if (url.Length == 0)
        {
            string file = Path.Combine(CertificateDirectory, UrlFileName);
            if (!File.Exists(file))
            {
                throw new MqttConfigurationException($"No broker: Mqtt:Url is empty and there is no {UrlFileName} in {CertificateDirectory}.");
            }

            url = File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
                ?? throw new MqttConfigurationException($"{UrlFileName} is empty.");
        }

        return ParseUrl(url);
    }

    /// <summary><c>mqtt://h[:p]</c>, <c>mqtts://h[:p]</c>, <c>ssl://</c>/<c>tls://</c>, or a bare host (TLS, as AWS endpoints are).</summary>
    public static MqttEndpoint ParseUrl(string url)
    {
        bool tls = true;
        string rest = url.Trim();
        int scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            string s = rest[..scheme].ToLowerInvariant();
            tls = s switch
            {
                "mqtt" or "tcp" => false,
                "mqtts" or "ssl" or "tls" => true,
                _ => throw new MqttConfigurationException($"Broker URL '{url}': scheme must be mqtt:// or mqtts://."),
            };
            rest = rest[(scheme + 3)..];
        }

        rest = rest.TrimEnd('/');
        int port = tls ? TlsPort : PlainPort;
        string host = rest;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && !rest.EndsWith(']'))
        {
            host = rest[..colon];
            if (!int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                throw new MqttConfigurationException($"Broker URL '{url}': bad port.");
            }
        }

        host = host.Trim('[', ']');
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
        {
            throw new MqttConfigurationException($"Broker URL '{url}': no host.");
        }

        return new MqttEndpoint(host, port, tls);
    }

    /// <summary>
    /// Builds MQTTnet's options, reading the certificate files afresh (a newly imported certificate is used on the next
    /// attempt). TLS 1.2 or 1.3; the broker must present a certificate that chains to aws_ca.pem when present, else to
    /// the system's trusted roots; no revocation check (the appliance may be offline). Nothing ever accepts an
    /// invalid certificate.
    /// </summary>
    public MqttClientOptions BuildClientOptions(string clientId, MqttEndpoint endpoint)
    {
        MqttClientOptionsBuilder b = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Host, endpoint.Port)
            .WithClientId(clientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(ConnectTimeout)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311);
        if (Username is not null)
        {
            b = b.WithCredentials(Username, Password);
        }

        if (endpoint.UseTls)
        {
            X509Certificate2Collection clientCerts = LoadClientCertificate();
            X509Certificate2Collection? ca = LoadCa();
            b = b.WithTlsOptions(t =>
            {
                t.UseTls()
                    .WithTargetHost(endpoint.Host)
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithRevocationMode(X509RevocationMode.NoCheck)
                    .WithClientCertificates(clientCerts);
                if (ca is not null)
                {
                    t.WithTrustChain(ca);
                }
            });
        }

        return b.Build();
    }

    private X509Certificate2Collection LoadClientCertificate()
    {
        string cert = Path.Combine(CertificateDirectory, CertificateFileName);
        string key = Path.Combine(CertificateDirectory, KeyFileName);
        bool hasCert = File.Exists(cert), hasKey = File.Exists(key);
        if (!hasCert && !hasKey)
        {
            return []; // TLS without a client certificate (e.g. a broker with a user name and password).
        }

        if (hasCert != hasKey)
        {
            throw new MqttConfigurationException($"{(hasCert ? KeyFileName : CertificateFileName)} is missing beside {(hasCert ? CertificateFileName : KeyFileName)} in {CertificateDirectory}.");
        }

        try
        {
            return [X509Certificate2.CreateFromPemFile(cert, key)];
        }
        catch (CryptographicException e)
        {
            throw new MqttConfigurationException($"{CertificateFileName} / {KeyFileName} cannot be used: {e.Message}");
        }
    }

    private X509Certificate2Collection? LoadCa()
    {
        string path = Path.Combine(CertificateDirectory, CaFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var ca = new X509Certificate2Collection();
        try
        {
            ca.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new MqttConfigurationException($"{CaFileName} cannot be read: {e.Message}");
        }

        return ca.Count > 0 ? ca : throw new MqttConfigurationException($"{CaFileName} holds no certificate.");
    }
}
