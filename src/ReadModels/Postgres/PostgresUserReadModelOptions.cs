namespace ReadModels.Postgres;

public sealed class PostgresUserReadModelOptions
{
    /// <summary>An Npgsql connection string; the role needs CREATE on the database's default schema for the first start.</summary>
    public required string ConnectionString { get; set; }

    /// <summary>The projection's name: it prefixes the tables (<c>{Name}_users</c>) and names the checkpoints.</summary>
    public string Name { get; set; } = "users";

    /// <summary>How often one <see cref="PostgresUserReadModel.ApplyAsync"/> is tried when it deadlocks with another partition's on the email index.</summary>
    public int MaxApplyAttempts { get; set; } = 5;

    /// <summary>
    /// Partitions' batches one silo applies at once (each is a transaction on a connection of its
    /// own). Under load, the partitions waiting for a turn gather larger batches, so PostgreSQL commits
    /// fewer, larger transactions instead of waking a backend per partition for a few rows each.
    /// </summary>
    public int MaxConcurrentApplies { get; set; } = 2;

    internal void Validate()
    {
        if (MaxConcurrentApplies < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentApplies), MaxConcurrentApplies, $"{nameof(MaxConcurrentApplies)} must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{nameof(ConnectionString)} is required.", nameof(ConnectionString));
        }

        if (MaxApplyAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxApplyAttempts), MaxApplyAttempts, $"{nameof(MaxApplyAttempts)} must be at least 1.");
        }

        _ = Relational.UserTableNames.For(Name);
    }
}
