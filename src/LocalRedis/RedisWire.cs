using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LocalRedis;

/// <summary>
/// The two conversations with the server that start and stop need, spoken as raw inline commands:
/// a throwaway socket is cheaper and quieter than a multiplexer that would reconnect in the background.
/// </summary>
internal static class RedisWire
{
    /// <summary>
    /// The process id of the server listening on <paramref name="port"/> once it answers PING with PONG,
    /// or null while nothing listens there or it is still loading its AOF (PING then answers -LOADING).
    /// </summary>
    public static async Task<int?> TryGetReadyServerPidAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var token = timeoutSource.Token;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, token);
            await using var stream = client.GetStream();
            await stream.WriteAsync("PING\r\nINFO server\r\n"u8.ToArray(), token);

            using var reader = new StreamReader(stream, Encoding.ASCII);
            if (await reader.ReadLineAsync(token) != "+PONG")
            {
                return null;
            }

            // The pid tells our server apart from a stranger that already held the port we picked.
            while (await reader.ReadLineAsync(token) is { } line)
            {
                if (line.StartsWith("process_id:", StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan("process_id:".Length), provider: System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return null;
        }
        catch (Exception e) when (e is SocketException or IOException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// Sends SHUTDOWN, which fsyncs the AOF before exiting (unlike SHUTDOWN NOSAVE it does not skip persistence).
    /// Returns null when the server took it (it closes the connection without a reply, or is still busy
    /// answering when <paramref name="timeout"/> passes), otherwise why not.
    /// </summary>
    public static async Task<string?> TryShutdownAsync(int port, TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        var token = timeoutSource.Token;
        var sent = false;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, token);
            await using var stream = client.GetStream();
            await stream.WriteAsync("SHUTDOWN\r\n"u8.ToArray(), token);
            sent = true;

            using var reader = new StreamReader(stream, Encoding.ASCII);
            var reply = await reader.ReadLineAsync(token);
            return reply is null ? null : $"SHUTDOWN answered '{reply}'";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            // Once sent, a reset or a slow answer still leaves the server on its way out: waiting for the exit decides.
            return sent ? null : $"SHUTDOWN could not be sent: {e.Message}";
        }
    }
}
