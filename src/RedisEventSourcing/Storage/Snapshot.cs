namespace RedisEventSourcing.Storage;

/// <summary>A grain's state as of <see cref="Version"/>, the event at <see cref="EntryId"/>.</summary>
internal sealed record Snapshot<TView>(TView State, int Version, string EntryId, IReadOnlyDictionary<string, int> RecentCommands);

/// <summary>What building a view found in the snapshot hash (tag <c>snapshot</c> of the replay metrics).</summary>
internal enum SnapshotOutcome { Off, Miss, Hit, Unusable }
