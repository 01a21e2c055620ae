using EventSourcing.Tests.Infrastructure;
using LocalRedis;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Silo;
using Silo.Security;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace EventSourcing.Tests.Security;

/// <summary>
/// The hardened set-up docs/security.md describes, all at once: a private redis-server that speaks
/// TLS only (throwaway CA), with an administrator password and the silo's least-privilege ACL user;
/// a silo configured through src/Silo's configuration path (<see cref="SiloHostConfiguration"/>)
/// that connects as that user over TLS; two such silos, talking to each other and to clients over
/// mutual TLS only.
/// </summary>
public sealed class SecureClusterFixture : IAsyncLifetime
{
    public const string SiloUser = "es-silo";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "es-tests", $"secure-{Guid.NewGuid():N}");

    public string AdminPassword { get; } = $"admin-{Guid.NewGuid():N}";

    public string SiloPassword { get; } = $"silo-{Guid.NewGuid():N}";

    public TestCertificates Certificates { get; private set; } = null!;

    public LocalRedisServer Redis { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>What users-cli needs to reach the TLS gateway (the tests' one certificate serves silo and clients).</summary>
    public string[] CliTlsArguments => ["--tls-ca", Certificates.CaFile, "--tls-cert", Certificates.CertificateFile, "--tls-key", Certificates.KeyFile];

    /// <summary>What an operator puts in <c>Redis:ConnectionString</c> for the silo (with <c>Redis:TlsCaFile</c>).</summary>
    public string SiloConnectionString => $"127.0.0.1:{Redis.Port},user={SiloUser},password={SiloPassword},ssl=true";

    public async Task InitializeAsync()
    {
        Certificates = TestCertificates.Create(Path.Combine(Directory, "tls"));
        Redis = await LocalRedisServer.StartAsync(new LocalRedisServerOptions
        {
            DataDirectory = Path.Combine(Directory, "redis"),
            AppendOnly = false,
            Password = AdminPassword,
            AclUsers = [SiloRedisAcl.UserLine(SiloUser, SiloPassword)],
            Tls = new LocalRedisTls(Certificates.CertificateFile, Certificates.KeyFile, Certificates.CaFile),
        });

        // Two silos, so that silo-to-silo traffic (membership probes, grain calls) goes over TLS too.
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Redis:ConnectionString"] = SiloConnectionString;
        builder.Properties["Redis:TlsCaFile"] = Certificates.CaFile;
        builder.Properties["ReadModels:SqlitePath"] = Path.Combine(Directory, "users.db");
        builder.Properties["Orleans:Tls:CertificateFile"] = Certificates.CertificateFile;
        builder.Properties["Orleans:Tls:KeyFile"] = Certificates.KeyFile;
        builder.Properties["Orleans:Tls:CaFile"] = Certificates.CaFile;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Environment for src/Silo as a process (<see cref="SiloProcess"/>) set up as this fixture's
    /// silos are: the ACL user over TLS to Redis, mutual TLS to its gateway. Its read side is off:
    /// this fixture's silos already run the projections on this Redis.
    /// </summary>
    public Dictionary<string, string> SiloProcessSettings() => new()
    {
        ["Redis__TlsCaFile"] = Certificates.CaFile,
        ["Orleans__ServiceId"] = "users",
        ["Orleans__Tls__CertificateFile"] = Certificates.CertificateFile,
        ["Orleans__Tls__KeyFile"] = Certificates.KeyFile,
        ["Orleans__Tls__CaFile"] = Certificates.CaFile,
        ["ReadModels__Enabled"] = "false",
    };

    /// <summary>A connection as the silo's ACL user, over TLS, failing at once instead of retrying (tests of what the user may not do).</summary>
    public async Task<ConnectionMultiplexer> ConnectAsSiloUserAsync()
    {
        var options = new RedisConnectionSettings(SiloConnectionString, Certificates.CaFile).ToConfigurationOptions();
        options.AbortOnConnectFail = true;
        // Lets admin commands (FLUSHALL, CONFIG, DEBUG, KEYS) reach the server, so that Redis is the one refusing them.
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var redis = new RedisConnectionSettings(silo.Configuration["Redis:ConnectionString"]!, silo.Configuration["Redis:TlsCaFile"]);
            silo.AddUsersFromConfiguration(silo.Configuration, redis, redisDataDirectory: ".data/redis");
        }
    }

    /// <summary>The test's own client talks mutual TLS to the gateway as users-cli --tls-ca/--tls-cert/--tls-key does.</summary>
    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            var trust = CaCertificateTrust.FromPemFile(configuration["Orleans:Tls:CaFile"]!);
            client.AddMemoryStreams(global::Grains.Interfaces.UserWatchStreams.ProviderName);
            var certificate = X509Certificate2.CreateFromPemFile(configuration["Orleans:Tls:CertificateFile"]!, configuration["Orleans:Tls:KeyFile"]);
            client.UseTls(certificate, options => options.RemoteCertificateValidation = (remote, _, _) => trust.Trusts(remote));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SecureClusterCollection : ICollectionFixture<SecureClusterFixture>
{
    public const string Name = "secure";
}
