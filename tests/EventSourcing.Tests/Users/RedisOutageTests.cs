using System.Diagnostics;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Users;

/// <summary>Runs against a private Redis that these tests stop, pause and restart (appends time out after 1 s).</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class RedisOutageTests(FaultClusterFixture fixture)
{
    [Fact]
    public async Task with_redis_down_a_command_fails_fast_with_a_typed_error_and_works_again_once_redis_is_back()
    {
        var id = UserIds.New("outage");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Rita");

        await fixture.Server!.StopAsync();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<EventStoreException>(() => user.Rename("Rita R"));
        clock.Stop();

        // Usually the client already knows the connection is gone ("nothing was appended"); if the
        // script was on the wire when Redis went away, the error says the outcome is unknown.
        Assert.True(error is EventStoreUnavailableException or EventStoreOutcomeUnknownException, error.GetType().Name);
        Assert.Contains(RawLog.UserStreamKey(id), error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");

        await fixture.Server.RestartAsync();
        var renamed = await Eventually.SucceedsAsync(() => user.Rename("Rita R"), TimeSpan.FromSeconds(30), "rename after Redis restart");

        Assert.Equal("Rita R", renamed.Name);
        Assert.Equal(2, renamed.Version);
        var entries = await Eventually.SucceedsAsync(() => RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)), TimeSpan.FromSeconds(10), "read after restart");
        Assert.Equal(["UserCreated", "NameChanged"], entries.Select(e => e["type"]));
    }

    [Fact]
    public async Task an_append_that_times_out_is_never_applied_later_behind_the_callers_back()
    {
        var id = UserIds.New("paused");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Sam");

        // Writes (scripts included) queue up on the server for 3 s: the append is sent, no answer comes.
        await fixture.Db.ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");
        var error = await Assert.ThrowsAnyAsync<EventStoreException>(() => user.Rename("Samuel"));

        // Once the pause ends the queued script runs, past its deadline, and must refuse. A later
        // write through the grain travels the same connection, so it runs after the queued script.
        await fixture.Db.ExecuteAsync("CLIENT", "UNPAUSE");
        var later = await Eventually.SucceedsAsync(() => user.ChangeEmail("sam@example.com"), TimeSpan.FromSeconds(10), "write after the pause");
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));

        Assert.True(error is EventStoreUnavailableException or EventStoreOutcomeUnknownException, error.GetType().Name);
        Assert.Equal(["UserCreated", "EmailUpdated"], entries.Select(e => e["type"]));
        Assert.Equal(["1", "2"], entries.Select(e => e["_version"]));
        Assert.Equal("Sam", later.Name);
        Assert.Equal(2, later.Version);
    }

    [Fact]
    public async Task activation_with_redis_down_fails_with_a_typed_error_naming_the_stream()
    {
        var id = UserIds.New("cold");
        await fixture.Server!.StopAsync();
        try
        {
            var error = await Assert.ThrowsAnyAsync<EventStoreException>(() => fixture.Grains.GetGrain<IUserGrain>(id).GetState());
            Assert.IsType<EventStoreUnavailableException>(error);
            Assert.Contains(RawLog.UserStreamKey(id), error.Message);
        }
        finally
        {
            await fixture.Server.RestartAsync();
        }
        var state = await Eventually.SucceedsAsync(() => fixture.Grains.GetGrain<IUserGrain>(id).Create("Tess"), TimeSpan.FromSeconds(30), "create after restart");
        Assert.Equal(1, state.Version);
    }
}
