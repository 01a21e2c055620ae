using LocalRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RedisEventSourcing.Options;
using Silo;
using Silo.Dashboard;
using Silo.Health;
using Silo.Telemetry;
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
try
{
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
        logger.UsingLocalRedis(localRedis.Address, localRedis.DataDirectory);
    }

    var redis = new RedisConnectionSettings(redisConnectionString, settings.RedisTlsCaFile);
    // A configured connection string may carry a user and a password: never print them.
    var redisForLog = redis.ToString();
    if (localRedis is null)
    {
        logger.UsingConfiguredRedis(redisForLog);
    }

    builder.UseOrleans(silo =>
    {
        switch (settings.Clustering)
        {
            case ClusteringMode.Localhost:
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                break;
            case ClusteringMode.Redis:
                silo.UseRedisClustering(options => options.ConfigurationOptions = redis.ToConfigurationOptions());
                silo.ConfigureEndpoints(settings.AdvertisedIPAddress, settings.SiloPort, settings.GatewayPort);
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = settings.ClusterId;
                    cluster.ServiceId = settings.ServiceId;
                });
                break;
        }

        silo.AddUsersFromConfiguration(builder.Configuration, redis, settings.RedisDataDirectory);
        silo.AddUsersTelemetry(TelemetryOptions.From(builder.Configuration));
        if (settings.HttpEnabled)
        {
            silo.AddUsersHttpApi(settings.HttpUrl);
            // Served on the API's address: with Http:Enabled=false there are no health endpoints.
            silo.AddSiloHealth(health => builder.Configuration.GetSection(SiloHealthOptions.SectionName).Bind(health));
        }

        if (settings.DashboardEnabled)
        {
            silo.AddUsersDashboard(settings.DashboardUrl);
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
catch (Exception e) when (e is not OperationCanceledException)
{
    // One line instead of a stack trace, and without the Redis credentials that some messages quote.
    var options = TryParse(redisConnectionString);
    logger.StartFailed(e.GetType().Name, RedisSecrets.Scrub(RedisSecrets.Scrub(e.Message, options), TryParse(settings.RedisConnectionString)));
    return 1;
}
finally
{
    if (localRedis is not null)
    {
        await localRedis.DisposeAsync();
    }
}

return 0;

static ConfigurationOptions? TryParse(string? connectionString)
{
    try
    {
        return connectionString is null ? null : ConfigurationOptions.Parse(connectionString);
    }
    catch (Exception)
    {
        return null;
    }
}
