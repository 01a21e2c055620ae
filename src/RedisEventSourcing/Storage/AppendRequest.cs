namespace RedisEventSourcing.Storage;

/// <summary>One stream's batch for the append script: all of it lands, or none.</summary>
/// <param name="Events">Each event's flat field list (name, value, ...).</param>
internal sealed record AppendRequest(string StreamKey, int ExpectedVersion, IReadOnlyList<List<KeyValuePair<string, string>>> Events, long DeadlineServerMs);
