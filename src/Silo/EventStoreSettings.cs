using Microsoft.Extensions.Configuration;
using RedisEventSourcing.Options;

namespace Silo;

/// <summary>
/// The event-store settings an operator may override from the <c>EventStore</c> section;
/// a key left out keeps the provider's own default.
/// </summary>
public static class EventStoreSettings
{
    public const string SectionName = "EventStore";

    public static void ApplyTo(IConfiguration section, RedisStreamsLogOptions options)
    {
        if (section["KeyPrefix"] is { Length: > 0 } keyPrefix)
        {
            options.KeyPrefix = keyPrefix;
        }

        if (section.GetValue<int?>("Partitions") is { } partitions)
        {
            options.Partitions = partitions;
        }

        if (section.GetValue<TimeSpan?>("OperationTimeout") is { } operationTimeout)
        {
            options.OperationTimeout = operationTimeout;
        }
    }
}
