using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using Orleans.Hosting;
using Orleans.TestingHost;
using Silo;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// A failover overlap made permanent: two independent clusters (different cluster ids, one Redis,
/// one key prefix) each hold an activation of the same users and write to them at once. The
/// append script's version check is all that keeps the log straight: every stream stays
/// contiguous in <c>_version</c>, no acknowledged command is lost or doubled, and once both stop,
/// each cluster's view is the fold of the log.
/// </summary>
public sealed class TwoWritersTests(FaultRedisFixture redis, ITestOutputHelper output) : IClassFixture<FaultRedisFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task two_clusters_writing_the_same_users_keep_every_stream_contiguous_and_lose_nothing_acknowledged()
    {
        var (a, b) = (await StartClusterAsync("writers-a"), await StartClusterAsync("writers-b"));
        try
        {
            var users = Enumerable.Range(0, 8).Select(i => UserIds.New($"two{i}")).ToList();
            await CommandLoad.CreateUsersAsync(() => a.Client, users);
            var load = new CommandLoad(users);
            using var stop = new CancellationTokenSource();
            // Each call goes to either cluster: both hold activations of every user and race on their streams.
            var running = load.RunAsync(() => Random.Shared.Next(2) == 0 ? a.Client : b.Client, 8, stop.Token);
            await Eventually.TrueAsync(() => Task.FromResult(load.AcknowledgedCount >= 400), Settle, "400 acknowledged commands");
            await stop.CancelAsync();
            await running.WaitAsync(Settle);

            var audit = await LogAudit.ReadAsync(redis.Db, users, load.Acknowledged);
            output.WriteLine($"{load.Failed} failed calls: {audit}");
            Assert.Empty(audit.Gaps);
            Assert.Empty(audit.Lost);
            Assert.Empty(audit.Duplicated);

            // A write through either cluster lands on top of the other's events (its stale activation
            // re-read on the conflict), and then, activations renewed, both read the fold of the log.
            foreach (var user in users)
            {
                var (_, version) = audit.Folds[user];
                var viaA = await a.Client.GetGrain<IUserGrain>(user).Rename($"last-a-{user}");
                var viaB = await b.Client.GetGrain<IUserGrain>(user).Rename($"last-b-{user}");
                Assert.Equal((version + 1, version + 2), (viaA.Version, viaB.Version));
            }
            foreach (var cluster in new[] { a, b }) await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            var final = await LogAudit.ReadAsync(redis.Db, users, load.Acknowledged);
            Assert.Empty(final.Gaps);
            foreach (var user in users)
            {
                var fromA = await a.Client.GetGrain<IUserGrain>(user).GetState();
                var fromB = await b.Client.GetGrain<IUserGrain>(user).GetState();
                Assert.Equal(final.Folds[user], (fromA.Name, fromA.Version));
                Assert.Equal(final.Folds[user], (fromB.Name, fromB.Version));
            }
        }
        finally
        {
            foreach (var cluster in new[] { a, b })
            {
                await cluster.StopAllSilosAsync();
                await cluster.DisposeAsync();
            }
        }
    }

    private async Task<TestCluster> StartClusterAsync(string clusterId)
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = "users";
        builder.Properties["Test:RedisConnection"] = redis.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The same event store registration as src/Silo: same prefix, same partitions.</summary>
    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) => silo.AddUserEventStore(silo.Configuration["Test:RedisConnection"]!, o => o.OperationTimeout = TimeSpan.FromSeconds(5));
    }
}
