using RedisEventSourcing.Tracing;
using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// One user, keyed by user id. Every command returns once its events are durable in the log;
/// a refused command throws a <see cref="UserCommandException"/> and appends nothing.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user; an email and an address given here are set in the same atomic batch as the creation.</summary>
    [Traced]
    Task<UserView> Create(string name, string? email = null, string? address = null);

    [Traced]
    Task<UserView> Rename(string name);

    [Traced]
    Task<UserView> ChangeEmail(string email);

    [Traced]
    Task<UserView> ChangeAddress(string address);

    [Traced]
    Task<UserView> Deactivate(string reason);

    [AlwaysInterleave]
    [Traced]
    Task<UserView> GetState();

    /// <summary>
    /// Up to <paramref name="maxCount"/> events starting at version <paramref name="fromVersion"/>
    /// (1 = the first), oldest first, with metadata. Seeks without reading the history before it.
    /// </summary>
    [Traced]
    Task<IReadOnlyList<UserHistoryEntry>> GetHistory(int fromVersion = 1, int maxCount = 100);

    /// <summary>The state after exactly <paramref name="version"/> events; 0 gives the empty state. Beyond the current version is refused.</summary>
    [Traced]
    Task<UserView> GetStateAtVersion(int version);

    /// <summary>The state after every event appended at or before <paramref name="instant"/> (Redis time); before creation, the empty state.</summary>
    [Traced]
    Task<UserView> GetStateAsOf(DateTimeOffset instant);
}
