namespace ReadModels.Sqlite;

public sealed class SqliteUserReadModelOptions
{
    /// <summary>The database file; created with its folder if missing. Several projections may share one file.</summary>
    public required string FilePath { get; set; }

    /// <summary>The projection's name: it prefixes the tables (<c>{Name}_users</c>) and names the checkpoints.</summary>
    public string Name { get; set; } = "users";

    /// <summary>
    /// Partitions' batches one silo applies at once. SQLite commits one transaction at a time per
    /// file anyway (its writer thread); with one turn, the partitions waiting gather larger
    /// batches instead of queueing small commits behind each other.
    /// </summary>
    public int MaxConcurrentApplies { get; set; } = 1;

    internal void Validate()
    {
        if (MaxConcurrentApplies < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentApplies), MaxConcurrentApplies, $"{nameof(MaxConcurrentApplies)} must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(FilePath))
        {
            throw new ArgumentException($"{nameof(FilePath)} is required.", nameof(FilePath));
        }

        _ = Relational.UserTableNames.For(Name);
    }
}
