using ReadModels.Users;
using RedisEventSourcing.Projections;

namespace ReadModels.Hosting;

/// <summary>A users read model as a projection with copies: each copy is the same store under another name.</summary>
internal sealed class UserModelFactory(string name, Func<string, IUserDirectory> open) : IProjectionFactory
{
    public string Name => name;

    public IProjection Open(string copyName) => open(copyName);
}
