using RedisEventSourcing.Projections;

namespace ReadModels.Users;

/// <summary>A users read model that answers lookups: by id, by email, and in id order.</summary>
public interface IUserDirectory : IProjection
{
    Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user who set this email latest in the log, while their row still has it; null once that
    /// user gave it up, even if an earlier claimant's row still names it (the log lets two users
    /// share an email; the index holds one).
    /// </summary>
    Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Users ordered by id, after <paramref name="afterId"/> (null = from the first).</summary>
    Task<IReadOnlyList<UserRow>> ListAsync(int limit, string? afterId = null, CancellationToken cancellationToken = default);
}
