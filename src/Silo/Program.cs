using LocalRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Silo;
using StackExchange.Redis;

// appsettings.json is copied next to the binary, so the host finds it whatever the current directory is.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var settings = SiloSettings.From(builder.Configuration);

// The host's loggers exist only once it is built, but Redis must be up before: the silo's registrations need its address.
using var bootstrapLogging = LoggerFactory.Create(logging => logging
    .AddConfiguration(builder.Configuration.GetSection("Logging"))
    .AddSimpleConsole());
var logger = bootstrapLogging.CreateLogger("Silo");

LocalRedisServer? localRedis = null;
var redisConnectionString = settings.RedisConnectionString;
if (redisConnectionString is null)
{
    localRedis = await LocalRedisServer.StartAsync(
        new LocalRedisServerOptions
        {
            DataDirectory = settings.RedisDataDirectory,
            AppendOnly = true,
            AppendFsync = "everysec",
            // Redis 7.0 gives every new stream a node of up to this many bytes: the default 4 KB makes a
            // small user cost ~5 KB; 640 keeps a 5-event user near 2 KB (docs/operations.md, Memory).
            ExtraArguments = ["--stream-node-max-bytes", "640"],
        },
        bootstrapLogging.CreateLogger<LocalRedisServer>());
    redisConnectionString = localRedis.ConnectionString;
    logger.UsingLocalRedis(redisConnectionString, localRedis.DataDirectory);
}

// A configured connection string may carry a password: never print it.
var redisForLog = ConfigurationOptions.Parse(redisConnectionString).ToString(includePassword: false);
if (localRedis is null)
{
    logger.UsingConfiguredRedis(redisForLog);
}

try
{
    var eventStoreSection = builder.Configuration.GetSection(EventStoreSettings.SectionName);
    builder.UseOrleans(silo =>
    {
        switch (settings.Clustering)
        {
            case ClusteringMode.Localhost:
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                break;
            case ClusteringMode.Redis:
                silo.UseRedisClustering(redisConnectionString);
                silo.ConfigureEndpoints(settings.AdvertisedIPAddress, settings.SiloPort, settings.GatewayPort);
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = settings.ClusterId;
                    cluster.ServiceId = settings.ServiceId;
                });
                break;
        }

        silo.AddUserEventStore(redisConnectionString, options => EventStoreSettings.ApplyTo(eventStoreSection, options));
        silo.AddUserWatch();
        if (settings.HttpEnabled)
        {
            silo.AddUsersHttpApi(settings.HttpUrl);
        }
        // The read side, unless ReadModels:Enabled=false: the projections of the feeds and the models queries read.
        if (builder.Configuration.GetValue("ReadModels:Enabled", true))
        {
            var eventStore = new RedisEventSourcing.Options.RedisStreamsLogOptions();
            EventStoreSettings.ApplyTo(eventStoreSection, eventStore);
            silo.AddUserReadSide(redisConnectionString, ReadModelSettings.From(builder.Configuration, settings.RedisDataDirectory), eventStore.KeyPrefix, eventStore.Partitions);
        }
    });

    // Disposed at the end of this block, so the silo has fully stopped before Redis is stopped below.
    using var host = builder.Build();
    await host.StartAsync();
    host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Silo").SiloStarted(
        settings.GatewayPort,
        redisForLog,
        settings.SiloPort,
        settings.Clustering,
        settings.ClusterId,
        settings.ServiceId,
        settings.HttpEnabled ? host.Services.GetRequiredService<Users.Http.Hosting.UsersApiServer>().Url ?? settings.HttpUrl : "off (Http:Enabled=false)");
    await host.WaitForShutdownAsync();
}
finally
{
    if (localRedis is not null)
    {
        await localRedis.DisposeAsync();
    }
}
