using System.Net;
using System.Net.Sockets;

namespace LocalRedis;

/// <summary>A loopback TCP port nobody listens on right now (the caller may still lose a race for it).</summary>
public static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
