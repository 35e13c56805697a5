using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

// Prints one "PROBE ..." line per check; the VM test asserts on them. Exit code 0 when all passed.
var uptime = File.ReadAllText("/proc/uptime").Split(' ')[0];
Console.WriteLine($"PROBE runtime {Environment.Version} {RuntimeInformation.RuntimeIdentifier} uptime {uptime}");

using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
{
    byte[] data = [1, 2, 3];
    var signature = ecdsa.SignData(data, HashAlgorithmName.SHA256);
    Console.WriteLine($"PROBE openssl {(ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256) ? "ok" : "bad")}");
}

using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
{
    udp.Bind(new IPEndPoint(IPAddress.Any, 6500));
    Console.WriteLine($"PROBE udp bound {udp.LocalEndPoint}");
}

// Fill the screen with one colour given as RRGGBB (fb0 is BGRX). One write of the whole frame.
var colour = int.Parse(args.Length > 0 ? args[0] : "336699", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
var size = File.ReadAllText("/sys/class/graphics/fb0/virtual_size").Trim().Split(',');
var stride = int.Parse(File.ReadAllText("/sys/class/graphics/fb0/stride").Trim(), CultureInfo.InvariantCulture);
var height = int.Parse(size[1], CultureInfo.InvariantCulture);
var frame = new byte[stride * height];
for (var i = 0; i < frame.Length; i += 4)
{
    frame[i] = (byte)colour;
    frame[i + 1] = (byte)(colour >> 8);
    frame[i + 2] = (byte)(colour >> 16);
}

using (var fb = new FileStream("/dev/fb0", FileMode.Open, FileAccess.Write))
{
    fb.Write(frame);
}

Console.WriteLine($"PROBE fb0 filled {colour:x6} {size[0]}x{height} stride {stride} uptime {File.ReadAllText("/proc/uptime").Split(' ')[0]}");
