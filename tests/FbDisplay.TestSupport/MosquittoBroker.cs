using System.Diagnostics;
using NUnit.Framework;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FbDisplay.TestSupport;

/// <summary>
/// A real Mosquitto for the MQTT tests: installed from Debian if missing (when root), a throw-away CA with server and
/// client certificates made by openssl, a plain listener and a TLS listener that requires a client certificate, both on
/// loopback at free ports. Stop/Start keep the ports, so clients can be tested for reconnecting.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly TempDirectory _dir = new("mosquitto");
    private Process? _process;

    private MosquittoBroker()
    {
        PlainPort = FreePort.Tcp();
        TlsPort = FreePort.Tcp();
    }

    public int PlainPort { get; }

    public int TlsPort { get; }

    public string Directory => _dir.Path;

    /// <summary>CA that signed the server and the good client certificate.</summary>
    public string CaCert => _dir.File("ca.crt");

    public string ClientCert => _dir.File("client.crt");

    /// <summary>PKCS#1 ("BEGIN RSA PRIVATE KEY"), the format AWS hands out.</summary>
    public string ClientKey => _dir.File("client.key");

    /// <summary>A second, unrelated CA and a client certificate it signed.</summary>
    public string OtherCaCert => _dir.File("other-ca.crt");

    public string OtherClientCert => _dir.File("other-client.crt");

    public string OtherClientKey => _dir.File("other-client.key");

    public string PlainUrl => $"mqtt://127.0.0.1:{PlainPort.ToString(CultureInfo.InvariantCulture)}";

    public string TlsUrl => $"mqtts://127.0.0.1:{TlsPort.ToString(CultureInfo.InvariantCulture)}";

    public bool IsRunning => _process is { HasExited: false };

    public static MosquittoBroker Start()
    {
        EnsureInstalled();
        var b = new MosquittoBroker();
        try
        {
            b.MakeCertificates();
            b.WriteConfig();
            b.StartProcess();
            return b;
        }
        catch
        {
            b.Dispose();
            throw;
        }
    }

    public void StartProcess()
    {
        var psi = new ProcessStartInfo("mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(_dir.File("mosquitto.conf"));
        _process = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitListening(PlainPort);
        WaitListening(TlsPort);
    }

    /// <summary>SIGKILL: clients see their connections reset, as when the broker's host dies.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        _dir.Dispose();
    }

    /// <summary>Runs a command and returns stdout; throws with stderr on a non-zero exit.</summary>
    public static string Run(string file, params string[] args) => Run(file, TimeSpan.FromSeconds(60), args);

    public static string Run(string file, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took longer than {timeout}");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    public static bool OnPath(string name) => DebianPackages.Has(name);

    private static void EnsureInstalled() => DebianPackages.Require(["mosquitto", "mosquitto_sub"], "mosquitto", "mosquitto-clients");

    private void MakeCertificates()
    {
        string d = _dir.Path;
        File.WriteAllText(_dir.File("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        File.WriteAllText(_dir.File("client.ext"), "extendedKeyUsage=clientAuth\n");
        foreach (string ca in new[] { "ca", "other-ca" })
        {
            Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", $"/CN=FbDisplay test {ca}",
                "-keyout", Path.Combine(d, ca + ".key"), "-out", Path.Combine(d, ca + ".crt"));
        }

        Sign("server", "ca", "/CN=localhost", "server.ext");
        Sign("client", "ca", "/CN=display-test", "client.ext");
        Sign("other-client", "other-ca", "/CN=intruder", "client.ext");

        // Mosquitto drops to user "mosquitto" before it reads its key unless told to stay root (config below);
        // readable files keep it working either way. These are throw-away test keys.
        if (OperatingSystem.IsLinux())
        {
            foreach (string f in System.IO.Directory.GetFiles(d))
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        void Sign(string name, string ca, string subject, string ext)
        {
            // genrsa -traditional writes PKCS#1, like the aws_privkey.pem.key files.
            Run("openssl", "genrsa", "-traditional", "-out", Path.Combine(d, name + ".key"), "2048");
            Run("openssl", "req", "-new", "-key", Path.Combine(d, name + ".key"), "-subj", subject, "-out", Path.Combine(d, name + ".csr"));
            Run("openssl", "x509", "-req", "-in", Path.Combine(d, name + ".csr"), "-CA", Path.Combine(d, ca + ".crt"), "-CAkey", Path.Combine(d, ca + ".key"),
                "-CAcreateserial", "-days", "2", "-extfile", Path.Combine(d, ext), "-out", Path.Combine(d, name + ".crt"));
        }
    }

    private void WriteConfig()
    {
        string conf = string.Join('\n',
            Environment.UserName == "root" ? "user root" : "",
            "persistence false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "allow_anonymous true",
            $"listener {PlainPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"listener {TlsPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"cafile {CaCert}",
            $"certfile {_dir.File("server.crt")}",
            $"keyfile {_dir.File("server.key")}",
            "require_certificate true",
            "tls_version tlsv1.2",
            "");
        File.WriteAllText(_dir.File("mosquitto.conf"), conf);
    }

    private void WaitListening(int port)
    {
        long until = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited ({_process?.ExitCode})");
            }

            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return;
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < until)
            {
                Task.Delay(20).Wait();
            }
        }
    }
}
