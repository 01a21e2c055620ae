using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using RedisEventSourcing.Options;
using Silo.Security;

namespace Silo;

/// <summary>
/// What the host builds from its configuration, apart from clustering, endpoints and the HTTP API:
/// the event store (<c>EventStore</c>), watches, the read side (<c>ReadModels</c>) and Orleans TLS
/// (<c>Orleans:Tls</c>). Tests call it with the configuration they would give the host.
/// </summary>
public static class SiloHostConfiguration
{
    public static ISiloBuilder AddUsersFromConfiguration(this ISiloBuilder silo, IConfiguration configuration, RedisConnectionSettings redis, string redisDataDirectory)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var eventStoreSection = configuration.GetSection(EventStoreSettings.SectionName);
        silo.AddUserEventStore(redis, options => EventStoreSettings.ApplyTo(eventStoreSection, options));
        silo.AddUserWatch();
        // The read side, unless ReadModels:Enabled=false: the projections of the feeds and the models queries read.
        if (configuration.GetValue("ReadModels:Enabled", true))
        {
            var eventStore = new RedisStreamsLogOptions();
            EventStoreSettings.ApplyTo(eventStoreSection, eventStore);
            silo.AddUserReadSide(redis, ReadModelSettings.From(configuration, redisDataDirectory), eventStore.KeyPrefix, eventStore.Partitions);
        }

        if (OrleansTlsSettings.From(configuration) is { } tls)
        {
            silo.UseOrleansTls(tls);
        }

        return silo;
    }
}
