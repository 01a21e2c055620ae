using RedisEventSourcing.Options;
using StackExchange.Redis;

namespace Silo;

/// <summary>
/// The silo's Redis, as configuration gives it: a StackExchange.Redis connection string (endpoints,
/// <c>user=</c>, <c>password=</c>, <c>ssl=true</c>, ...) and, for TLS with a private CA, the PEM file
/// of that CA (<c>Redis:TlsCaFile</c>). Every Redis client of the silo is made from this one value.
/// </summary>
public sealed record RedisConnectionSettings(string ConnectionString, string? TlsCaFile = null)
{
    public ConfigurationOptions ToConfigurationOptions()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        if (TlsCaFile is { } caFile)
        {
            if (!File.Exists(caFile))
                throw new InvalidOperationException($"Redis:TlsCaFile names '{caFile}', which does not exist.");
            options.Ssl = true;
            // Accepts a server certificate only if it chains to this CA and names the host we dial.
            options.TrustIssuer(caFile);
        }
        return options;
    }

    /// <summary>For logs: never the password or the user name.</summary>
    public override string ToString() => RedisSecrets.Describe(ConnectionString) + (TlsCaFile is null ? "" : $" (TLS, CA {TlsCaFile})");
}
