using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Options;
using RedisEventSourcing.Projections.Streaming;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>The receiver alone, as the pulling agent drives it, against the fixture's Redis.</summary>
[Collection(FeedClusterCollection.Name)]
public sealed class FeedReceiverTests(FeedClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task a_blocked_read_on_its_own_connection_returns_the_entry_as_soon_as_it_is_appended()
    {
        var feedKey = $"feed-recv-{Guid.NewGuid():N}:{{p03}}:feed";
        // A read that waits far longer than the deadline below: only the new entry can end it in time.
        var receiver = Receiver(feedKey, new RedisFeedStreamOptions { ConfigurationOptions = ConfigurationOptions.Parse(fixture.ConnectionString), BlockTime = TimeSpan.FromSeconds(10) });
        await receiver.Initialize(Deadline);

        var read = receiver.GetQueueMessagesAsync(-1, CancellationToken.None);
        var id = (string)(await fixture.Db.StreamAddAsync(feedKey, [new("_stream", "s"), new("_id", "1-0"), new("_version", "1"), new("type", "T")]))!;
        var batches = await read.WaitAsync(Deadline);

        var batch = Assert.IsType<FeedBatchContainer>(Assert.Single(batches));
        Assert.Equal(new FeedReference(3, id, "s", "1-0", 1, "T"), batch.Reference);
        Assert.Equal(FeedStream.IdOf(3), batch.StreamId);
        Assert.Equal(id, batch.Token.EntryId);
        await receiver.Shutdown(Deadline);
    }

    [Fact]
    public async Task on_a_shared_multiplexer_the_receiver_polls_without_blocking_it_and_never_disposes_it()
    {
        var feedKey = $"feed-recv-{Guid.NewGuid():N}:{{p04}}:feed";
        var options = new RedisFeedStreamOptions
        {
            BlockTime = TimeSpan.FromSeconds(10),
            CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((fixture.Multiplexer, true)),
        };
        var receiver = Receiver(feedKey, options);
        await receiver.Initialize(Deadline);

        // Were it to block, the read would wait 10 s for an entry that never comes.
        var empty = await receiver.GetQueueMessagesAsync(-1, CancellationToken.None).WaitAsync(Deadline);
        await fixture.Db.StreamAddAsync(feedKey, [new("_stream", "s"), new("_id", "1-0"), new("_version", "1"), new("type", "T")]);
        var one = await receiver.GetQueueMessagesAsync(-1, CancellationToken.None).WaitAsync(Deadline);
        await receiver.Shutdown(Deadline);

        Assert.Empty(empty);
        Assert.Single(one);
        Assert.True(fixture.Multiplexer.IsConnected);
        await fixture.Db.PingAsync();
    }

    [Fact]
    public async Task reads_continue_after_the_last_entry_read_and_respect_the_batch_size()
    {
        var feedKey = $"feed-recv-{Guid.NewGuid():N}:{{p05}}:feed";
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
            ids.Add((string)(await fixture.Db.StreamAddAsync(feedKey, [new("_stream", "s"), new("_id", $"{i}-0"), new("_version", $"{i}"), new("type", "T")]))!);
        var receiver = Receiver(feedKey, new RedisFeedStreamOptions { ConfigurationOptions = ConfigurationOptions.Parse(fixture.ConnectionString), ReadBatchSize = 2 });
        await receiver.Initialize(Deadline);

        var read = new List<string>();
        for (var i = 0; i < 3; i++)
            read.AddRange((await receiver.GetQueueMessagesAsync(-1, CancellationToken.None)).Cast<FeedBatchContainer>().Select(b => b.Reference.FeedEntryId));
        await receiver.Shutdown(Deadline);

        Assert.Equal(ids, read);
    }

    private static RedisFeedReceiver Receiver(string feedKey, RedisFeedStreamOptions options)
    {
        var partition = int.Parse(feedKey[(feedKey.IndexOf("{p", StringComparison.Ordinal) + 2)..feedKey.IndexOf('}')], System.Globalization.CultureInfo.InvariantCulture);
        return new RedisFeedReceiver(partition, feedKey, options, FeedStartFromBeginning.Instance, NullLogger.Instance);
    }
}
