using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ReadModels.Hosting;
using Silo;
using Users.Http.Hosting;

namespace EventSourcing.Tests.Http;

/// <summary>
/// A silo registered as src/Silo registers itself, serving the HTTP API from inside the silo
/// (<see cref="SiloConfiguration.AddUsersHttpApi"/>) on a free port, over a private Redis; the
/// tests talk to it over real HTTP. Commands on ids starting with <see cref="LostAnswer"/> lose
/// their first answer (see <see cref="LostAnswerFilter"/>).
/// </summary>
public abstract class HttpClusterFixture(bool readSide, TimeSpan operationTimeout) : RedisServerFixture(alwaysPrivate: true)
{
    public const string LostAnswer = LostAnswerFilter.Prefix;

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string SqlitePath { get; } = Path.Combine(Path.GetTempPath(), "es-tests", $"http-{Guid.NewGuid():N}.db");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.Properties["Test:SqlitePath"] = readSide ? SqlitePath : "";
        builder.Properties["Test:OperationTimeoutMs"] = operationTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        var url = ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<UsersApiServer>().Url
            ?? throw new InvalidOperationException("The silo did not start the HTTP API.");
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
        if (readSide)
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(SqlitePath)!, Path.GetFileName(SqlitePath) + "*")) File.Delete(file);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            var timeoutMs = double.Parse(silo.Configuration["Test:OperationTimeoutMs"]!, CultureInfo.InvariantCulture);
            silo.AddUserEventStore(connection, options => options.OperationTimeout = TimeSpan.FromMilliseconds(timeoutMs));
            silo.AddUserWatch();
            if (silo.Configuration["Test:SqlitePath"] is { Length: > 0 } sqlitePath)
                silo.AddUserReadSide(connection, new UserReadModelsOptions { SqlitePath = sqlitePath });
            silo.AddUsersHttpApi("http://127.0.0.1:0");
            silo.AddIncomingGrainCallFilter(LostAnswerFilter.InvokeAsync);
        }
    }
}

/// <summary>The API with the read side on (Redis and SQLite models), appends time out after 5 s.</summary>
public sealed class HttpApiFixture() : HttpClusterFixture(readSide: true, TimeSpan.FromSeconds(5));

[CollectionDefinition(Name)]
public sealed class HttpApiCollection : ICollectionFixture<HttpApiFixture>
{
    public const string Name = "http";
}

/// <summary>The API over a Redis the tests stop; no read side (its runners would only add noise); appends time out after 1 s.</summary>
public sealed class HttpFaultFixture() : HttpClusterFixture(readSide: false, TimeSpan.FromSeconds(1));

[CollectionDefinition(Name)]
public sealed class HttpFaultCollection : ICollectionFixture<HttpFaultFixture>
{
    public const string Name = "http-faults";
}
