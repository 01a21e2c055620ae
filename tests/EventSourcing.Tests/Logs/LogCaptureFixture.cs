using LocalRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.TestingHost;
using Silo;

namespace EventSourcing.Tests.Logs;

/// <summary>
/// A silo registered as src/Silo registers its event store, over a private Redis that demands a
/// password, with every log line from Debug up captured by <see cref="CapturingLoggerProvider"/>.
/// </summary>
public sealed class LogCaptureFixture : IAsyncLifetime
{
    public string Password { get; } = $"pw-{Guid.NewGuid():N}";

    public LocalRedisServer Redis { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public CapturingLoggerProvider Logs =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetServices<ILoggerProvider>().OfType<CapturingLoggerProvider>().Single();

    public async Task InitializeAsync()
    {
        Redis = await LocalRedisServer.StartAsync(new LocalRedisServerOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "es-tests", Guid.NewGuid().ToString("N")),
            AppendFsync = "always",
            Password = Password,
        });
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Properties["Test:RedisConnection"] = Redis.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(Redis.DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddUserEventStore(silo.Configuration["Test:RedisConnection"]!, options => options.OperationTimeout = TimeSpan.FromSeconds(1));
            silo.AddUserWatch();
            silo.Services.AddSingleton<ILoggerProvider, CapturingLoggerProvider>();
            // Debug for this provider whatever the host's filters say: the command lines are Debug.
            silo.Services.AddLogging(logging => logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
        }
    }
}
