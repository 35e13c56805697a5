using System.Net;
using System.Net.Sockets;

namespace FbDisplay.TestSupport;

/// <summary>Ports the OS says are free right now, on loopback.</summary>
public static class FreePort
{
    public static int Udp()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    public static int Tcp()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
