using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using ReadModels.Hosting;
using ReadModels.Redis;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// The read side across a silo killed mid-workload: its partitions and grains move to the survivor,
/// which catches up from the checkpoints, so the shared Redis model ends as a fold of the log.
/// </summary>
[Collection(TwoSiloReadSideCollection.Name)]
public sealed class ReadSideFailoverTests(TwoSiloReadSideClusterFixture fixture)
{
    private const int Partitions = 16;
    private const int UsersPerPartition = 2;
    private const int StepsBeforeKill = 5;
    private const int StepsAfterKill = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task when_a_silo_is_killed_mid_workload_the_survivor_takes_every_partition_and_the_redis_model_equals_the_log()
    {
        await Eventually.TrueAsync(async () => await fixture.RunningReadersAsync() is [> 0, > 0] readers && readers.Sum() == Partitions,
            Deadline, "both silos reading part of the partitions");
        var ids = Enumerable.Range(0, Partitions * UsersPerPartition).Select(i => RawFeed.IdInPartition("failover-rm", i % Partitions)).ToList();
        await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id).Create("Survivor", $"{id}@example.com")));
        var victim = fixture.Cluster.SecondarySilos[0];
        var onVictim = await HostedOnAsync(ids, victim.SiloAddress);
        Assert.InRange(onVictim.Count, 1, ids.Count - 1);

        // Every user keeps writing until it has made StepsAfterKill more changes once the silo is gone.
        using var killed = new CancellationTokenSource();
        var done = 0;
        var writers = ids.Select((id, n) => WriteAsync(id, deactivate: n % 4 == 0, killed.Token, () => Interlocked.Increment(ref done))).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref done) >= ids.Count * StepsBeforeKill), Deadline, "writes before the kill");
        await fixture.Cluster.KillSiloAsync(victim);
        await killed.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(2 * Deadline);

        // The users of the killed silo were written after the kill, so they run on the survivor now.
        Assert.Equal(onVictim, await HostedOnAsync(onVictim, fixture.Cluster.Primary!.SiloAddress));
        await Eventually.SucceedsAsync(async () => await fixture.RunningReadersAsync() is [Partitions] ? true : throw new InvalidOperationException("not yet"),
            Deadline, "the survivor reading every partition");
        var status = await Eventually.SucceedsAsync(async () =>
        {
            var rows = await fixture.Grains.GetGrain<IProjectionAdminGrain>(0).Status();
            return rows.All(r => r.Behind == 0) ? rows : throw new InvalidOperationException($"{rows.Sum(r => r.Behind)} behind");
        }, Deadline, "every partition caught up");
        Assert.Equal(Enumerable.Range(0, Partitions), status.Select(r => r.Partition).Order());
        Assert.All(status, r => Assert.Equal((UserReadModelsServiceCollectionExtensions.RedisModelName, 0L), (r.Projection, r.DeadLetters)));

        var model = new RedisUserReadModel(fixture.Multiplexer, new RedisUserReadModelOptions { Name = UserReadModelsServiceCollectionExtensions.RedisModelName });
        foreach (var id in ids)
        {
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
            var row = await model.GetAsync(id);
            Assert.NotNull(row);
            Assert.Equal((state.Name, state.Email, state.Address, state.Deactivated, state.Version),
                (row.Name, row.Email, row.Address, row.Deactivated, row.Version));
            Assert.Equal(id, (await model.FindByEmailAsync(state.Email!))?.Id);
        }
    }

    private async Task<List<string>> HostedOnAsync(IEnumerable<string> ids, SiloAddress silo)
    {
        var hosted = new List<string>();
        foreach (var id in ids)
            if (silo.Equals(await fixture.Management.GetActivationAddress(fixture.Grains.GetGrain<IUserGrain>(id)))) hosted.Add(id);
        return hosted;
    }

    /// <summary>
    /// One user's commands until <see cref="StepsAfterKill"/> of them were made after
    /// <paramref name="killed"/>, each retried until it answers (a call caught by the kill fails, or
    /// times out). A retry of a command that had landed is a no-op: the grain decides it on the new
    /// state.
    /// </summary>
    private async Task WriteAsync(string id, bool deactivate, CancellationToken killed, Action stepDone)
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        var afterKill = 0;
        for (var step = 1; afterKill < StepsAfterKill; step++)
        {
            var s = step;
            var wasKilled = killed.IsCancellationRequested;
            await Eventually.SucceedsAsync(() => (s % 3) switch
            {
                0 => user.Rename($"Survivor {s}"),
                1 => user.ChangeAddress($"{s} Failover Road"),
                _ => user.ChangeEmail($"{s}.{id}@example.org"),
            }, Deadline, $"step {s} of {id}");
            if (wasKilled) afterKill++;
            stepDone();
        }
        if (deactivate)
            await Eventually.SucceedsAsync(async () =>
            {
                try
                {
                    return await user.Deactivate("failed over");
                }
                catch (UserCommandException e) when (e.Code == UserErrorCode.UserDeactivated)
                {
                    return await user.GetState(); // an earlier attempt landed
                }
            }, Deadline, $"deactivation of {id}");
    }
}
