namespace UsersCli;

/// <summary>How to reach the cluster: a static gateway, or Redis clustering when <see cref="Redis"/> is set.</summary>
internal sealed record ConnectionSettings(
    string Gateway,
    string? Redis,
    string ClusterId,
    string ServiceId,
    TimeSpan ConnectTimeout,
    bool Verbose,
    string? RedisTlsCaFile = null,
    GatewayTlsFiles? GatewayTls = null)
{
    /// <summary>The Redis clustering connection, with TLS trusting <see cref="RedisTlsCaFile"/> when given.</summary>
    public StackExchange.Redis.ConfigurationOptions RedisConfiguration()
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(Redis ?? throw new InvalidOperationException("no --redis given"));
        if (RedisTlsCaFile is { } ca)
        {
            options.Ssl = true;
            options.TrustIssuer(ca);
        }
        return options;
    }

    /// <summary><paramref name="text"/> without the Redis password or user name, for anything printed.</summary>
    public string Scrub(string text)
    {
        if (Redis is null) return text;
        StackExchange.Redis.ConfigurationOptions options;
        try
        {
            options = StackExchange.Redis.ConfigurationOptions.Parse(Redis);
        }
        catch (Exception)
        {
            // Unparsable, so its parts are unknown: hide the whole string.
            return text.Replace(Redis, "*****", StringComparison.Ordinal);
        }
        foreach (var secret in new[] { options.Password, options.User })
        {
            if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "*****", StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Names the target for error messages, without the Redis password.</summary>
    public string Describe() => Redis is null
        ? $"the silo at {Gateway}"
        : $"a silo of cluster '{ClusterId}' through Redis at {RedisEndpoints(Redis)}";

    /// <summary>Says why the cluster cannot be reached, given the reason Orleans reported.</summary>
    public string Unreachable(string reason, bool noGatewayRegistered) => Redis is null
        ? $"cannot reach the silo at {Gateway}: is it running? ({reason})"
        : noGatewayRegistered
            ? $"no silo of cluster '{ClusterId}' (service '{ServiceId}') is registered in Redis at {RedisEndpoints(Redis)}: is it running, with the same --cluster-id and --service-id?"
            : $"cannot reach a silo of cluster '{ClusterId}' through Redis at {RedisEndpoints(Redis)}: are Redis and the silo running? ({reason})";

    private static string RedisEndpoints(string connectionString)
    {
        try
        {
            var endpoints = StackExchange.Redis.ConfigurationOptions.Parse(connectionString).EndPoints;
            return endpoints.Count == 0 ? "(no endpoint)" : string.Join(",", endpoints.Select(Format));
        }
        catch (Exception)
        {
            return "(unparsable connection string)";
        }
    }

    private static string Format(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endpoint.ToString() ?? "?",
    };
}

/// <summary>PEM files for mutual TLS to the gateway: the silos' CA, and this client's certificate and key.</summary>
internal sealed record GatewayTlsFiles(string CaFile, string CertificateFile, string KeyFile);
