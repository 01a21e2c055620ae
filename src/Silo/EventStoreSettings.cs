using Microsoft.Extensions.Configuration;
using RedisEventSourcing.Options;

namespace Silo;

/// <summary>
/// The event-store settings an operator may override from the <c>EventStore</c> section
/// (any <see cref="RedisStreamsLogOptions"/> property: KeyPrefix, Partitions, OperationTimeout,
/// SnapshotEvery, ...); a key left out keeps the provider's own default.
/// </summary>
public static class EventStoreSettings
{
    public const string SectionName = "EventStore";

    public static void ApplyTo(IConfiguration section, RedisStreamsLogOptions options) => section.Bind(options);
}
