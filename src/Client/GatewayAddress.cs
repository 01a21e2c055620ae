using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UsersCli;

/// <summary>A <c>host:port</c> gateway address as given on the command line.</summary>
internal sealed record GatewayAddress(string Host, int Port)
{
    public static bool TryParse(string text, out GatewayAddress address, out string problem)
    {
        address = new GatewayAddress("", 0);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = "expected host:port, e.g. 127.0.0.1:30000";
            return false;
        }

        var host = text[..colon].Trim();
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1]; // [::1]:30000
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = "the port must be a number between 1 and 65535";
            return false;
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problem = $"'{host}' is not a host name or an IP address";
            return false;
        }

        address = new GatewayAddress(host, port);
        problem = "";
        return true;
    }

    /// <summary>Resolves the host, preferring IPv4 (what a silo listening on 127.0.0.1 or 0.0.0.0 accepts).</summary>
    public async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var ip)) return new IPEndPoint(ip, Port);
        var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, Port);
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
