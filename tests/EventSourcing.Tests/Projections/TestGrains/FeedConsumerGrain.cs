using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using Orleans.Streams.Core;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Streaming;

namespace EventSourcing.Tests.Projections.TestGrains;

public interface IFeedConsumerGrain : IGrainWithStringKey;

/// <summary>
/// One activation per partition feed (key <c>"07"</c>), subscribed implicitly: it records every
/// reference it is given, with the token that came with it, under its cluster's id.
/// </summary>
[ImplicitStreamSubscription(FeedStream.Namespace)]
public sealed class FeedConsumerGrain(IOptions<ClusterOptions> cluster) : Grain, IFeedConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<FeedReference>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<FeedReference>().ResumeAsync(this);

    public Task OnNextAsync(FeedReference item, StreamSequenceToken? token = null)
    {
        FeedRecorder.Record(cluster.Value.ClusterId, item, (token as FeedSequenceToken)?.EntryId);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
