using System.Net;
using Microsoft.Extensions.Configuration;

namespace Silo;

/// <summary>The host's own settings, read once from configuration with their defaults.</summary>
public sealed record SiloSettings
{
    /// <summary>Null when none is configured: the host then runs a private redis-server.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>PEM file of the CA that signed Redis' TLS certificate (<c>Redis:TlsCaFile</c>); set = connect with TLS.</summary>
    public string? RedisTlsCaFile { get; init; }

    /// <summary>Data folder of the private redis-server, relative to the current directory.</summary>
    public string RedisDataDirectory { get; init; } = "./.data/redis";

    public ClusteringMode Clustering { get; init; } = ClusteringMode.Localhost;

    public string ClusterId { get; init; } = "users-dev";

    public string ServiceId { get; init; } = "users";

    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other silos and clients reach this one on, with Redis clustering.</summary>
    public IPAddress AdvertisedIPAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Serve the users HTTP API from this silo (<c>Http:Enabled</c>).</summary>
    public bool HttpEnabled { get; init; } = true;

    public string HttpUrl { get; init; } = Users.Http.Hosting.UsersApiOptions.DefaultUrl;

    /// <summary>Run the Orleans Dashboard in this silo (<c>Dashboard:Enabled</c>); off: it times every grain call.</summary>
    public bool DashboardEnabled { get; init; }

    public string DashboardUrl { get; init; } = Dashboard.DashboardSiloBuilderExtensions.DefaultUrl;

    public static SiloSettings From(IConfiguration configuration)
    {
        var defaults = new SiloSettings();
        var clustering = configuration["Orleans:ClusteringMode"];
        // Orleans reads Orleans:Clustering itself, as its own provider section (ProviderType, ...): a plain value there crashes it.
        if (configuration["Orleans:Clustering"] is { Length: > 0 } misplaced && Enum.TryParse<ClusteringMode>(misplaced, ignoreCase: true, out _))
        {
            throw new InvalidOperationException($"Set Orleans:ClusteringMode={misplaced} instead of Orleans:Clustering, which Orleans reserves for its own provider settings.");
        }

        var advertised = configuration["Orleans:AdvertisedIPAddress"];
        return new SiloSettings
        {
            RedisConnectionString = NullIfBlank(configuration["Redis:ConnectionString"]),
            RedisTlsCaFile = NullIfBlank(configuration["Redis:TlsCaFile"]),
            RedisDataDirectory = NullIfBlank(configuration["Redis:DataDirectory"]) ?? defaults.RedisDataDirectory,
            Clustering = string.IsNullOrWhiteSpace(clustering) ? defaults.Clustering : ParseClustering(clustering),
            ClusterId = NullIfBlank(configuration["Orleans:ClusterId"]) ?? defaults.ClusterId,
            ServiceId = NullIfBlank(configuration["Orleans:ServiceId"]) ?? defaults.ServiceId,
            SiloPort = configuration.GetValue<int?>("Orleans:SiloPort") ?? defaults.SiloPort,
            GatewayPort = configuration.GetValue<int?>("Orleans:GatewayPort") ?? defaults.GatewayPort,
            AdvertisedIPAddress = string.IsNullOrWhiteSpace(advertised) ? defaults.AdvertisedIPAddress : IPAddress.Parse(advertised),
            HttpEnabled = configuration.GetValue<bool?>("Http:Enabled") ?? defaults.HttpEnabled,
            HttpUrl = NullIfBlank(configuration["Http:Url"]) ?? defaults.HttpUrl,
            DashboardEnabled = configuration.GetValue<bool?>("Dashboard:Enabled") ?? defaults.DashboardEnabled,
            DashboardUrl = NullIfBlank(configuration["Dashboard:Url"]) ?? defaults.DashboardUrl,
        };
    }

    private static ClusteringMode ParseClustering(string value) =>
        Enum.TryParse<ClusteringMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException($"Orleans:ClusteringMode must be one of {string.Join(", ", Enum.GetNames<ClusteringMode>())}; was '{value}'.");

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
