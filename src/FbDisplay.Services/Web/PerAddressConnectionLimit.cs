using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace FbDisplay.Services.Web;

/// <summary>
/// Kestrel connection middleware: at most <see cref="MaxPerAddress"/> open connections from one remote address. A
/// connection over the limit is closed before any byte is read, so one host (a flood, a slowloris, a stuck client)
/// cannot take the server's <c>MaxConcurrentConnections</c> from everyone else. Thread-safe; counts what it refused.
/// </summary>
public sealed class PerAddressConnectionLimit(int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();
    private long _refused;

    public int MaxPerAddress => maxPerAddress;

    /// <summary>Connections closed because their address already had <see cref="MaxPerAddress"/> open.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Addresses with at least one open connection.</summary>
    public int Addresses => _open.Count;

    public ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        IPAddress? address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is null)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        int n = _open.AddOrUpdate(address, 1, (_, v) => v + 1);
        try
        {
            if (n > maxPerAddress)
            {
                Interlocked.Increment(ref _refused);
                connection.Abort(new ConnectionAbortedException("Too many connections from one address."));
                return;
            }

            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Release(address);
        }
    };

    private void Release(IPAddress address)
    {
        while (true)
        {
            int v = _open[address];
            if (v == 1)
            {
                if (_open.TryRemove(new KeyValuePair<IPAddress, int>(address, 1)))
                {
                    return;
                }
            }
            else if (_open.TryUpdate(address, v - 1, v))
            {
                return;
            }
        }
    }
}
