using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// One user, keyed by user id. Every command returns once its events are durable in the log;
/// a refused command throws a <see cref="UserCommandException"/> and appends nothing.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserView> Create(string name, string? email = null);

    Task<UserView> Rename(string name);

    Task<UserView> ChangeEmail(string email);

    Task<UserView> ChangeAddress(string address);

    Task<UserView> Deactivate(string reason);

    [AlwaysInterleave]
    Task<UserView> GetState();
}
