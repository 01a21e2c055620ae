namespace ReadModels.Redis;

/// <summary>Where the Redis users read model keeps its keys.</summary>
public sealed class RedisUserReadModelOptions
{
    /// <summary>Projection name: a rebuild builds a second copy under another name beside the live one.</summary>
    public string Name { get; set; } = "users-redis";

    /// <summary>
    /// First segment of every key. All keys of one copy share the hash tag <c>{name}</c>, so the
    /// apply script may touch them together on Redis Cluster too (one slot per copy).
    /// </summary>
    public string KeyPrefix { get; set; } = "rm";
}
