using RedisEventSourcing.Projections;

namespace ReadModels.Users;

/// <summary>A users read model that answers lookups: by id, by email, and in id order.</summary>
public interface IUserDirectory : IProjection
{
    Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The user whose current email this is (emails are unique among users).</summary>
    Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Users ordered by id, after <paramref name="afterId"/> (null = from the first).</summary>
    Task<IReadOnlyList<UserRow>> ListAsync(int limit, string? afterId = null, CancellationToken cancellationToken = default);
}
