namespace ReadModels.Hosting;

/// <summary>Which users read models a silo keeps, and where.</summary>
public sealed class UserReadModelsOptions
{
    /// <summary>The Redis that holds the Redis model (the event store's, by default).</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>The same as parsed options, when more than a string can say (a trusted TLS CA); wins over <see cref="RedisConnectionString"/>.</summary>
    public StackExchange.Redis.ConfigurationOptions? RedisConfiguration { get; set; }

    /// <summary>Keep the Redis model (profiles as hashes, email index): the directory queries use.</summary>
    public bool Redis { get; set; } = true;

    /// <summary>Keep the SQL model with its search index (SQLite, or PostgreSQL when <see cref="PostgresConnectionString"/> is set).</summary>
    public bool Sql { get; set; } = true;

    /// <summary>The SQLite file of the embedded default.</summary>
    public string SqlitePath { get; set; } = Path.Combine(".data", "readmodels", "users.db");

    /// <summary>When set, the SQL model and search live in PostgreSQL instead of SQLite.</summary>
    public string? PostgresConnectionString { get; set; }
}
