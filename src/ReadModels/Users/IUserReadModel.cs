namespace ReadModels.Users;

/// <summary>A users read model that also searches (the SQL stores: SQLite FTS5, PostgreSQL full text).</summary>
public interface IUserReadModel : IUserDirectory
{
    /// <summary>Full-text search over name, email and address; best matches first.</summary>
    Task<IReadOnlyList<UserRow>> SearchAsync(string text, int limit, CancellationToken cancellationToken = default);
}
