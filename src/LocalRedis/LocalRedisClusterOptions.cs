namespace LocalRedis;

/// <summary>How to run a private Redis Cluster of redis-server child processes on 127.0.0.1.</summary>
public sealed class LocalRedisClusterOptions
{
    /// <summary>Parent of the nodes' data directories (<c>node-&lt;port&gt;</c>); created if missing.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>Masters; Redis Cluster needs at least 3 to elect a replica in a master's place.</summary>
    public int Masters { get; set; } = 3;

    /// <summary>Replicas of each master.</summary>
    public int ReplicasPerMaster { get; set; } = 1;

    /// <summary>
    /// <c>cluster-node-timeout</c>: how long a master may be silent before it is failed and a replica
    /// promoted. Small for tests (failover in ~2-3 s); Redis' default is 15 s.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>"everysec", "always" or "no" (with AOF on every node).</summary>
    public string AppendFsync { get; set; } = "always";

    /// <summary>Appended verbatim to every node's command line.</summary>
    public IList<string> ExtraArguments { get; set; } = [];

    /// <summary>How long to wait for every node to report <c>cluster_state:ok</c> after creation.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException("DataDirectory is required.", nameof(DataDirectory));
        if (Masters < 3)
            throw new ArgumentOutOfRangeException(nameof(Masters), Masters, "Redis Cluster needs at least 3 masters.");
        if (ReplicasPerMaster < 0)
            throw new ArgumentOutOfRangeException(nameof(ReplicasPerMaster), ReplicasPerMaster, "ReplicasPerMaster must not be negative.");
        if (NodeTimeout < TimeSpan.FromMilliseconds(100))
            throw new ArgumentOutOfRangeException(nameof(NodeTimeout), NodeTimeout, "NodeTimeout must be at least 100 ms.");
        if (ReadyTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ReadyTimeout), ReadyTimeout, "ReadyTimeout must be positive.");
    }
}
