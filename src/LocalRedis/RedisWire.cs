using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LocalRedis;

/// <summary>
/// The two conversations with the server that start and stop need, spoken as raw inline commands:
/// a throwaway socket is cheaper and quieter than a multiplexer that would reconnect in the background.
/// With a password they authenticate as <c>default</c> first; with TLS they speak it, trusting the server's CA.
/// </summary>
internal static class RedisWire
{
    /// <summary>Where the server listens and how to get in.</summary>
    public sealed record Target(int Port, string? Password, LocalRedisTls? Tls);

    /// <summary>
    /// The process id of the server listening on <paramref name="port"/> once it answers PING with PONG,
    /// or null while nothing listens there or it is still loading its AOF (PING then answers -LOADING).
    /// </summary>
    public static async Task<int?> TryGetReadyServerPidAsync(Target target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var token = timeoutSource.Token;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, target.Port, token);
            await using var stream = await OpenAsync(client, target, token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Auth(target) + "PING\r\nINFO server\r\n"), token);

            using var reader = new StreamReader(stream, Encoding.ASCII);
            if (target.Password is not null && await reader.ReadLineAsync(token) != "+OK")
            {
                return null;
            }

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
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
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
    public static async Task<string?> TryShutdownAsync(Target target, TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        var token = timeoutSource.Token;
        var sent = false;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, target.Port, token);
            await using var stream = await OpenAsync(client, target, token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Auth(target) + "SHUTDOWN\r\n"), token);
            sent = true;

            using var reader = new StreamReader(stream, Encoding.ASCII);
            if (target.Password is not null && await reader.ReadLineAsync(token) is { } authReply && authReply != "+OK")
            {
                return $"AUTH answered '{authReply}'";
            }

            var reply = await reader.ReadLineAsync(token);
            return reply is null ? null : $"SHUTDOWN answered '{reply}'";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // Once sent, a reset or a slow answer still leaves the server on its way out: waiting for the exit decides.
            return sent ? null : $"SHUTDOWN could not be sent: {e.Message}";
        }
    }

    // The password never reaches a log: a refused AUTH is reported by its reply, not by what was sent.
    private static string Auth(Target target) => target.Password is null ? "" : $"AUTH default {target.Password}\r\n";

    private static async Task<Stream> OpenAsync(TcpClient client, Target target, CancellationToken token)
    {
        var stream = client.GetStream();
        if (target.Tls is null)
        {
            return stream;
        }

        var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(target.Tls.CaFile, token));
        var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) => IsSignedBy(certificate, ca));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, token);
        return tls;
    }

    /// <summary>Our own server, so its certificate only has to chain to the CA we gave it.</summary>
    private static bool IsSignedBy(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
