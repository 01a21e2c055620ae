using RedisEventSourcing.Projections;

namespace ReadModels.Users;

/// <summary>A users read model: a projection of the <c>user</c> streams, and the queries it serves.</summary>
public interface IUserReadModel : IProjection
{
    Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The user whose current email this is (emails are unique among users).</summary>
    Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Full-text search over name, email and address; best matches first.</summary>
    Task<IReadOnlyList<UserRow>> SearchAsync(string text, int limit, CancellationToken cancellationToken = default);

    /// <summary>Users ordered by id, after <paramref name="afterId"/> (null = from the first).</summary>
    Task<IReadOnlyList<UserRow>> ListAsync(int limit, string? afterId = null, CancellationToken cancellationToken = default);
}
