using Grains.Interfaces;
using Orleans.Streams;

namespace UsersCli;

/// <summary>Calls the user grains with the invocation's command metadata in the request context.</summary>
internal sealed class UserCalls(IClusterClient client, CallMetadata metadata, CancellationToken cancellationToken)
{
    public CallMetadata Metadata => metadata;

    /// <summary>A state-changing call: gets a command id (see <see cref="CallMetadata.BeginCommand"/>).</summary>
    public async Task<UserView> CommandAsync(string userId, Func<IUserGrain, Task<UserView>> call, bool multiStep = false)
    {
        ClientTracing.TagCommand(userId, metadata.BeginCommand(multiStep));
        var view = await call(client.GetGrain<IUserGrain>(userId)).WaitAsync(cancellationToken);
        metadata.EndCommand();
        return view;
    }

    public Task<UserView> GetAsync(string userId) => QueryAsync(userId, grain => grain.GetState());

    /// <summary>A query of the read models (any silo's query grain answers).</summary>
    public async Task<T> ReadModelAsync<T>(Func<IUserQueryGrain, Task<T>> query)
    {
        metadata.BeginQuery();
        return await query(client.GetGrain<IUserQueryGrain>(0)).WaitAsync(cancellationToken);
    }

    /// <summary>An operator's question about the projections.</summary>
    public async Task<T> AdminAsync<T>(Func<RedisEventSourcing.Projections.IProjectionAdminGrain, Task<T>> query)
    {
        metadata.BeginQuery();
        return await query(client.GetGrain<RedisEventSourcing.Projections.IProjectionAdminGrain>(0)).WaitAsync(cancellationToken);
    }

    /// <summary>The rebuild grain of one projection (long-running: callers poll it, and interrupt it on Ctrl-C).</summary>
    public RedisEventSourcing.Projections.IProjectionRebuildGrain Rebuilds(string projection) =>
        client.GetGrain<RedisEventSourcing.Projections.IProjectionRebuildGrain>(projection);

    /// <summary>The grain that tails a user's stream, and the stream one watch of it is published on.</summary>
    public (IUserWatchGrain Grain, IAsyncStream<UserWatchItem> Stream) Watch(string userId, Guid watchId)
    {
        metadata.BeginQuery();
        return (client.GetGrain<IUserWatchGrain>(userId),
            client.GetStreamProvider(UserWatchStreams.ProviderName).GetStream<UserWatchItem>(StreamId.Create(UserWatchStreams.Namespace, watchId)));
    }

    public async Task<T> QueryAsync<T>(string userId, Func<IUserGrain, Task<T>> query)
    {
        metadata.BeginQuery();
        return await query(client.GetGrain<IUserGrain>(userId)).WaitAsync(cancellationToken);
    }
}
