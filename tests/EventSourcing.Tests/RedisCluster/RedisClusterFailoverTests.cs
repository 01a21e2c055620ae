using System.Collections.Concurrent;
using System.Diagnostics;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;
using Xunit.Abstractions;

namespace EventSourcing.Tests.RedisCluster;

/// <summary>A cluster whose silo requires one replica to hold every append (<c>WAIT 1</c>) before acknowledging it.</summary>
public sealed class ReplicatedRedisClusterFixture : RedisClusterFixture
{
    public ReplicatedRedisClusterFixture() : base(replicaAcknowledgements: 1) { }
}

[CollectionDefinition(Name)]
public sealed class ReplicatedRedisClusterCollection : ICollectionFixture<ReplicatedRedisClusterFixture>
{
    public const string Name = "redis-cluster-replicated";
}

/// <summary>
/// kill -9 of one master under a steady command load: its replica is promoted, commands on its
/// partitions fail with the store's errors meanwhile (never hang), succeed again without a silo
/// restart, and no acknowledged event is lost, because every acknowledgement waited for the replica.
/// </summary>
[Collection(ReplicatedRedisClusterCollection.Name)]
public sealed class RedisClusterFailoverTests(ReplicatedRedisClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    private async Task CreateAsync(string id)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await fixture.Grains.GetGrain<IUserGrain>(id).Create("Start");
                return;
            }
            catch (EventStoreUnavailableException) when (deadline.Elapsed < Deadline)
            {
                output.WriteLine($"create of {id} not appended (busy box); retrying");
            }
            catch (EventStoreOutcomeUnknownException) when (deadline.Elapsed < Deadline)
            {
                // The answer says: read the user back to see whether the create stayed.
                if ((await fixture.Grains.GetGrain<IUserGrain>(id).GetState()).Version >= 1) return;
                output.WriteLine($"create of {id} not replicated in time and not in the log; retrying");
            }
            catch (UserCommandException e) when (e.Code == UserErrorCode.UserAlreadyExists)
            {
                return; // an earlier attempt that answered "outcome unknown" did land
            }
        }
    }

    [Fact]
    public async Task a_killed_master_is_replaced_by_its_replica_and_no_acknowledged_event_is_lost()
    {
        var keys = fixture.Keys;
        var ids = ClusterUsers.InEveryPartition(keys, "failover", perPartition: 2);
        // Before any fault, on a box busy with the rest of the suite, a create may still time out
        // with "nothing was appended": that answer says it can be retried, so the set-up does.
        await Task.WhenAll(ids.Select(CreateAsync));
        var victim = await fixture.Redis.MasterOfSlotAsync(await fixture.Redis.KeySlotAsync(keys.Feed(0)));
        var replica = (await fixture.Redis.TopologyAsync()).Single(n => n.MasterId == victim.Id);
        var affected = new List<string>();
        foreach (var id in ids)
            if (victim.Serves(await fixture.Redis.KeySlotAsync(keys.FeedOf(id)))) affected.Add(id);
        Assert.NotEmpty(affected);

        var load = new CommandLoad(fixture, ids);
        var running = load.RunAsync();
        await Eventually.TrueAsync(() => Task.FromResult(ids.All(id => load.AcknowledgedCount(id) >= 2)), Deadline, "every user renamed twice before the kill");

        var clock = Stopwatch.StartNew();
        await fixture.Redis.NodeAt(victim.Port).KillAsync();
        var killedAt = clock.Elapsed;
        await fixture.Redis.WaitUntilHealthyAsync(Deadline);
        var promotedAfter = clock.Elapsed - killedAt;
        var promoted = (await fixture.Redis.TopologyAsync()).Single(n => n.Port == replica.Port);
        // The new master has no replica yet: appends land but WAIT 1 cannot be satisfied, and callers are told so.
        var shortfall = await Eventually.SucceedsAsync(() => Task.FromResult(load.Failures.First(f => f.Error is EventStoreOutcomeUnknownException && f.Error.Message.Contains("replica acknowledgement"))),
            Deadline, "an append on the promoted master reported as not replicated");

        await fixture.Redis.NodeAt(victim.Port).RestartAsync();
        await Eventually.TrueAsync(async () => (await fixture.Redis.TopologyAsync()).Single(n => n.Port == victim.Port).MasterId == promoted.Id, Deadline, "the old master rejoining as a replica");
        var rejoinedAt = clock.Elapsed;
        var countsAtRejoin = affected.ToDictionary(id => id, load.AcknowledgedCount);
        await Eventually.TrueAsync(() => Task.FromResult(affected.All(id => load.AcknowledgedCount(id) > countsAtRejoin[id])), Deadline, "every user of the failed-over partitions acknowledged again");
        await load.StopAsync(running);

        output.WriteLine($"killed master :{victim.Port} ({affected.Count} of {ids.Count} users on its slots); replica :{replica.Port} promoted {promotedAfter.TotalSeconds:0.0} s after the kill; "
            + $"old master back as replica at +{(rejoinedAt - killedAt).TotalSeconds:0.0} s");
        output.WriteLine($"acknowledged {load.Acknowledged.Count} renames; failed {load.Failures.Count}: "
            + string.Join(", ", load.Failures.GroupBy(f => f.Error.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))
            + $"; slowest failure answered in {load.Failures.Select(f => f.Took.TotalSeconds).DefaultIfEmpty().Max():0.0} s");
        output.WriteLine($"e.g. {shortfall.Error.Message}");
        foreach (var sample in load.Failures.GroupBy(f => f.Error.GetType()).Select(g => g.First()))
            output.WriteLine($"  {sample.Error.GetType().Name}: {sample.Error.Message}");

        // Every failure is one of the store's typed errors: nothing hung until Orleans' own call timeout.
        Assert.All(load.Failures, f => Assert.IsAssignableFrom<EventStoreException>(f.Error));
        foreach (var id in ids)
        {
            var log = await ClusterUsers.RawLogAsync(fixture.Db, keys, id);
            Assert.Equal(Enumerable.Range(1, log.Count), log.Select(e => e.Version));
            foreach (var (version, name) in load.AcknowledgedOf(id))
                Assert.Contains((version, "NameChanged", name), log);
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
            Assert.Equal((ClusterUsers.FoldName(log), log.Count), (state.Name, state.Version));
        }
    }

    /// <summary>One rename after another for each user, recording what was acknowledged and what failed.</summary>
    private sealed class CommandLoad(RedisClusterFixture fixture, IReadOnlyList<string> ids)
    {
        private readonly CancellationTokenSource _stop = new();

        public ConcurrentBag<(string Id, int Version, string Name)> Acknowledged { get; } = [];

        public ConcurrentQueue<(string Id, Exception Error, TimeSpan Took)> Failures { get; } = [];

        public int AcknowledgedCount(string id) => Acknowledged.Count(a => a.Id == id);

        public IEnumerable<(int Version, string Name)> AcknowledgedOf(string id) => Acknowledged.Where(a => a.Id == id).Select(a => (a.Version, a.Name));

        public Task RunAsync() => Task.WhenAll(ids.Select(RenameUntilStoppedAsync));

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
        }

        private async Task RenameUntilStoppedAsync(string id)
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            for (var n = 1; !_stop.IsCancellationRequested; n++)
            {
                var name = $"Name {n}";
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var view = await user.Rename(name);
                    Acknowledged.Add((id, view.Version, name));
                }
                catch (Exception e)
                {
                    Failures.Enqueue((id, e, Stopwatch.GetElapsedTime(started)));
                    // Not a wait for a condition: keeps a user whose partition is down from spinning on instant refusals.
                    await Task.Delay(50);
                }
            }
        }
    }
}
