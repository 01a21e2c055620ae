using System.Diagnostics;
using Grains.Users;
using RedisEventSourcing.Diagnostics;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace EventSourcing.Tests.Telemetry;

/// <summary>The <c>_traceparent</c> text: written only for a sampled span, read back only when well formed.</summary>
public sealed class TraceParentTests
{
    [Fact]
    public void a_sampled_context_is_written_as_w3c_traceparent_and_reads_back()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        var text = TraceParent.Of(context);

        Assert.Equal($"00-{context.TraceId}-{context.SpanId}-01", text);
        Assert.True(TraceParent.TryParse(text, out var read));
        Assert.Equal((context.TraceId, context.SpanId, ActivityTraceFlags.Recorded), (read.TraceId, read.SpanId, read.TraceFlags));
    }

    [Fact]
    public void an_unsampled_or_empty_context_writes_nothing()
    {
        Assert.Null(TraceParent.Of(default));
        Assert.Null(TraceParent.Of(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a traceparent")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra")]
    public void a_missing_or_malformed_value_is_no_parent(string? text) => Assert.False(TraceParent.TryParse(text, out _));

    [Fact]
    public void the_trace_context_is_written_last_read_into_the_metadata_and_left_out_of_the_size_limit()
    {
        var registry = EventTypeRegistry.For(typeof(UserEvent), typeof(UserGrain));
        var traceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
        var @event = new NameChanged("u1", "Ann");
        var exactFit = new EntryEncoder(registry, 1 << 20).Encode(@event, 1, "e1", CommandContextSnapshot.Empty).Sum(f => f.Key.Length + f.Value.Length);

        // An event that just fits still fits when its command is traced: sampling must not decide what is refused.
        var fields = new EntryEncoder(registry, exactFit).Encode(@event, 1, "e1", CommandContextSnapshot.Empty, traceParent);

        Assert.Equal(new KeyValuePair<string, string>("_traceparent", traceParent), fields[^1]);
        var entry = new StreamEntry("1-1", fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray());
        Assert.Equal(traceParent, new EntryDecoder(registry).DecodeEvent("k", entry).Metadata.TraceParent);
    }
}
