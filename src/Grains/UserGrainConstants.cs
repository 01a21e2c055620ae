namespace Grains;

public static class UserGrainConstants
{
    /// <summary>Name under which the silo registers the Redis Streams log-consistency provider for users.</summary>
    public const string ProviderName = "RedisStreams";
}
