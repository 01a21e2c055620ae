namespace RedisEventSourcing.Storage;

/// <summary>A grain's state as of <see cref="Version"/>, the event at <see cref="EntryId"/>.</summary>
internal sealed record Snapshot<TView>(TView State, int Version, string EntryId, IReadOnlyDictionary<string, int> RecentCommands);
