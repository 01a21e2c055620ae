using RedisEventSourcing.Tracing;
namespace Grains.Interfaces;

/// <summary>
/// Queries over the users read models, never over the grains' logs. Any instance answers (a
/// stateless worker): call it with key 0.
/// </summary>
public interface IUserQueryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A user from the read model, at <paramref name="atLeastVersion"/> or later: every command
    /// returns the version it produced, so a caller reads its own writes by passing it. Waits up to
    /// <paramref name="waitMs"/> (at most 10,000) for the model to get there, then answers stale.
    /// Every query reads the live copy of its read model, or the named <c>copy</c> (a copy as of an
    /// instant built by <c>projections rebuild --as-of</c>, or a rebuild in progress).
    /// </summary>
    [Traced]
    Task<UserReadResult> Get(string id, int atLeastVersion = 0, int waitMs = 2000, string? copy = null);

    /// <summary>The user whose current email this is, or null.</summary>
    [Traced]
    Task<UserSummary?> FindByEmail(string email, string? copy = null);

    /// <summary>Full-text search over name, email and address, best first.</summary>
    [Traced]
    Task<IReadOnlyList<UserSummary>> Search(string text, int limit = 20, string? copy = null);

    /// <summary>Users in id order, after <paramref name="afterId"/>.</summary>
    [Traced]
    Task<IReadOnlyList<UserSummary>> List(int limit = 50, string? afterId = null, string? copy = null);
}
