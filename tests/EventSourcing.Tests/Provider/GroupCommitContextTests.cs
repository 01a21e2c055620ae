using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// The group-commit queue starts its script calls without the appending caller's execution context
/// (a call serves many grains). A caller that already runs without one is served all the same.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GroupCommitContextTests(ClusterFixture fixture)
{
    [Fact]
    public async Task an_append_from_a_caller_whose_context_flow_is_suppressed_is_sent_and_appended()
    {
        var (store, prefix) = Store();
        var stream = $"{prefix}:{{p05}}:user:suppressed";
        Task<AppendResult> append;
        using (ExecutionContext.SuppressFlow())
        {
            append = store.AppendAsync(Request(stream));
        }

        var result = await append.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AppendStatus.Appended, result.Status);
        Assert.Single(await RawLog.EntriesAsync(fixture.Db, stream));
    }

    [Fact]
    public async Task appends_started_under_a_caller_context_complete_for_every_caller()
    {
        // Many callers at once: calls chain from one another's completions, none in a caller's context.
        var (store, prefix) = Store();
        var marker = new AsyncLocal<string>();
        var appends = Enumerable.Range(0, 50).Select(i =>
        {
            marker.Value = $"caller-{i}";
            return store.AppendAsync(Request($"{prefix}:{{p05}}:user:u{i}"));
        }).ToList();

        var results = await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, r => Assert.Equal(AppendStatus.Appended, r.Status));
        // The caller's own context is as it left it: suppression lasted only while a call was started.
        Assert.Equal("caller-49", marker.Value);
        Assert.False(ExecutionContext.IsFlowSuppressed());
    }

    private (EventStreamStore, string) Store()
    {
        var options = new RedisStreamsLogOptions
        {
            CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((fixture.Multiplexer, true)),
            KeyPrefix = $"gcctx{Guid.NewGuid():N}",
        };
        var connection = new RedisStreamsConnection("gcctx", options, NullLogger<RedisStreamsConnection>.Instance);
        return (new EventStreamStore(connection), options.KeyPrefix);
    }

    private static AppendRequest Request(string stream) =>
        new(stream, stream[..(stream.IndexOf("}:", StringComparison.Ordinal) + 2)] + "feed", 0, null,
            [[new("type", "NameChanged"), new("id", "x"), new("name", "n"), new("_version", "1")]], DeadlineServerMs: 0, VerifyLastEntry: false);
}
