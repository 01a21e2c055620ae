using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LocalRedis;

/// <summary>
/// The cluster commands the fixture asks one node directly (<c>CLUSTER INFO</c>, <c>CLUSTER NODES</c>,
/// <c>CLUSTER FAILOVER</c>): a throwaway socket, because a cluster-aware multiplexer would route
/// them to whichever node it likes, and we need this node's own view.
/// </summary>
internal static class ClusterWire
{
    /// <summary>The reply as text (bulk or status), or null when the node cannot be asked now.</summary>
    public static async Task<string?> TryAskAsync(int port, string inlineCommand, TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        var token = timeoutSource.Token;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, token);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(inlineCommand + "\r\n"), token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var head = await reader.ReadLineAsync(token);
            if (head is null || head.Length == 0) return null;
            switch (head[0])
            {
                case '+':
                    return head[1..];
                case '-':
                    return "ERR:" + head[1..];
                case '$':
                    var length = int.Parse(head.AsSpan(1), CultureInfo.InvariantCulture);
                    if (length < 0) return null;
                    var buffer = new char[length];
                    var read = 0;
                    // Replies are ASCII, so characters and bytes count alike.
                    while (read < length)
                    {
                        var n = await reader.ReadAsync(buffer.AsMemory(read, length - read), token);
                        if (n == 0) return null;
                        read += n;
                    }
                    return new string(buffer);
                default:
                    return head;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }
}
