using RedisEventSourcing.Tracing;
namespace Grains.Interfaces;

/// <summary>
/// Tails one user's stream (keyed by user id) for watchers: every entry appended after a watch
/// starts, by the user grain or by any other writer, goes to the watch's own Orleans stream
/// (<see cref="UserWatchStreams"/>) as a <see cref="UserWatchItem"/>. Subscribe to that stream
/// first, then call <see cref="Start"/>; renew the lease well before it ends.
/// </summary>
public interface IUserWatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts (or resumes) the watch <paramref name="watchId"/>: the entries after version
    /// <paramref name="afterVersion"/> are published first, then each new one; null means only
    /// what is appended from now on. Returns the version the watch starts after.
    /// </summary>
    [Traced]
    Task<int> Start(Guid watchId, int? afterVersion, TimeSpan lease);

    /// <summary>Extends the lease; false if the watch is unknown here (expired, or the grain moved): start it again.</summary>
    [Traced]
    Task<bool> Renew(Guid watchId, TimeSpan lease);

    /// <summary>Ends the watch at once instead of letting its lease run out.</summary>
    [Traced]
    Task Stop(Guid watchId);

    /// <summary>Whether the grain is tailing the stream, for how many watches, and where it is.</summary>
    [Traced]
    Task<UserWatchStatus> GetStatus();
}
