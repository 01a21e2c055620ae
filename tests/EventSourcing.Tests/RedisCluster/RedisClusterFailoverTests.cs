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

    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(1);

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

        var load = new RenameLoad(fixture, ids);
        var running = load.RunAsync();
        await Eventually.TrueAsync(() => Task.FromResult(ids.All(id => load.AcknowledgedCount(id) >= 2)), Deadline, "every user renamed twice before the kill");

        var killedAt = TimeSpan.Zero;
        try
        {
            await fixture.Redis.NodeAt(victim.Port).KillAsync();
            killedAt = load.Now;
            output.WriteLine($"killed master :{victim.Port} ({affected.Count} of {ids.Count} users on its slots)");
            await fixture.Redis.WaitUntilHealthyAsync(Deadline);
            output.WriteLine($"replica :{replica.Port} promoted {(load.Now - killedAt).TotalSeconds:0.0} s after the kill");
            var promoted = (await fixture.Redis.TopologyAsync()).Single(n => n.Port == replica.Port);
            // The new master has no replica yet: appends land but WAIT 1 cannot be satisfied, and callers are told so.
            var shortfall = await Eventually.SucceedsAsync(() => Task.FromResult(load.Failures.First(f => f.Error is EventStoreOutcomeUnknownException && f.Error.Message.Contains("replica acknowledgement"))),
                Deadline, "an append on the promoted master reported as not replicated");
            output.WriteLine($"e.g. {shortfall.Error.Message}");

            await fixture.Redis.NodeAt(victim.Port).RestartAsync();
            await Eventually.TrueAsync(async () => (await fixture.Redis.TopologyAsync()).Single(n => n.Port == victim.Port).MasterId == promoted.Id, Deadline, "the old master rejoining as a replica");
            output.WriteLine($"old master back as replica at +{(load.Now - killedAt).TotalSeconds:0.0} s");
            var countsAtRejoin = affected.ToDictionary(id => id, load.AcknowledgedCount);
            await Eventually.TrueAsync(() => Task.FromResult(affected.All(id => load.AcknowledgedCount(id) > countsAtRejoin[id])), Deadline, "every user of the failed-over partitions acknowledged again");
            await load.StopAsync(running);
        }
        finally
        {
            load.Report(output, killedAt);
        }

        // Every failure is one of the store's typed errors: nothing hung until Orleans' own call timeout.
        Assert.All(load.Failures, f => Assert.IsAssignableFrom<EventStoreException>(f.Error));
        // docs/operations.md promises each caller its answer within OperationTimeout; the margin is
        // for what lies outside the store's budget (Orleans messaging and scheduling, the end of the
        // failed activation before the next one starts) on a 2-core box busy with the suite.
        var slowest = load.Answers.Max(a => a.Took);
        Assert.True(slowest <= RedisClusterFixture.OperationTimeout + AnswerMargin,
            $"the slowest caller waited {slowest.TotalSeconds:0.00} s, more than the {RedisClusterFixture.OperationTimeout.TotalSeconds:0} s operation timeout + {AnswerMargin.TotalSeconds:0.#} s");
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
}
