namespace ReadModels.Sqlite;

public sealed class SqliteUserReadModelOptions
{
    /// <summary>The database file; created with its folder if missing. Several projections may share one file.</summary>
    public required string FilePath { get; set; }

    /// <summary>The projection's name: it prefixes the tables (<c>{Name}_users</c>) and names the checkpoints.</summary>
    public string Name { get; set; } = "users";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(FilePath))
        {
            throw new ArgumentException($"{nameof(FilePath)} is required.", nameof(FilePath));
        }

        _ = Relational.UserTableNames.For(Name);
    }
}
