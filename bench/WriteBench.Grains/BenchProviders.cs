namespace WriteBench.Grains;

/// <summary>Provider names the bench silo registers for the bench grains.</summary>
public static class BenchProviders
{
    public const string LogStorage = "LogStorage";
    public const string StateStorage = "StateStorage";

    /// <summary>Orleans' Redis grain storage, under both built-in log-consistency providers.</summary>
    public const string RedisGrainStorage = "BenchRedis";
}
