using Grains.Interfaces;

namespace EventSourcing.Tests.Provider.TestGrains;

// A grain that serves one command by calling a user grain twice: Orleans passes the caller's
// RequestContext (and its command id) on to both calls.

public interface IForwardingGrain : IGrainWithStringKey
{
    Task<UserView> RenameAndChangeEmail(string userId, string name, string email);
}

public sealed class ForwardingGrain : Grain, IForwardingGrain
{
    public async Task<UserView> RenameAndChangeEmail(string userId, string name, string email)
    {
        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        await user.Rename(name);
        return await user.ChangeEmail(email);
    }
}
