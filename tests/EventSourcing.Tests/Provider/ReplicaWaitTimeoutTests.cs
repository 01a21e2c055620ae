using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// How long the append's <c>WAIT</c> may block: never past what is left of its callers' append
/// window, so "not replicated" comes back before their time is up (docs/operations.md promises
/// an answer within the operation timeout), and never 0 (which WAIT takes as "for ever").
/// </summary>
public sealed class ReplicaWaitTimeoutTests
{
    private static readonly RedisStreamsConnection Connection = new("wait", new RedisStreamsLogOptions
    {
        OperationTimeout = TimeSpan.FromSeconds(5),
        ReplicaAcknowledgements = 1,
        ReplicaAcknowledgementTimeout = TimeSpan.FromMilliseconds(2500),
    }, NullLogger<RedisStreamsConnection>.Instance);

    private static long InMs(double ms) => Connection.ServerNowMs() + (long)ms;

    [Fact]
    public void with_time_to_spare_the_configured_timeout_is_used()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(2500), ReplicatedAppend.WaitTimeout(Connection, InMs(4000)));
    }

    [Fact]
    public void with_less_left_than_the_configured_timeout_it_ends_before_the_window_does()
    {
        var timeout = ReplicatedAppend.WaitTimeout(Connection, InMs(1000));

        // 1000 ms left, a quarter kept for the round trip; the clock moved on a little meanwhile.
        Assert.InRange(timeout.TotalMilliseconds, 600, 750);
    }

    [Fact]
    public void past_the_deadline_it_waits_one_millisecond_not_for_ever()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), ReplicatedAppend.WaitTimeout(Connection, InMs(-500)));
    }
}
