using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using ReadModels.Hosting;
using ReadModels.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>Per-user order on the read side while the live projections apply many concurrent commands.</summary>
[Collection(ReadSideCollection.Name)]
public sealed class ReadModelOrderTests(ReadSideClusterFixture fixture)
{
    private const int CommandsPerUser = 120;

    [Fact]
    public async Task concurrent_commands_to_a_few_users_never_move_their_rows_backwards_and_end_at_the_grains_versions()
    {
        // Three users share a partition (their events interleave in one feed's batches), two share another.
        var ids = new[] { 3, 3, 3, 11, 11 }.Select((partition, i) => RawFeed.IdInPartition($"order{i}", partition)).ToList();
        foreach (var id in ids) await fixture.Grains.GetGrain<IUserGrain>(id).Create("Orderly", $"{id}@example.com");
        var model = new RedisUserReadModel(fixture.Multiplexer, new RedisUserReadModelOptions { Name = await fixture.LiveCopyAsync(UserReadModelsServiceCollectionExtensions.RedisModelName) });
        var seen = ids.ToDictionary(id => id, _ => new List<int>());
        using var writing = new CancellationTokenSource();

        var sampler = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
                foreach (var id in ids)
                {
                    var version = (await model.GetAsync(id))?.Version ?? 0;
                    lock (seen) seen[id].Add(version);
                }
        });
        await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id)).SelectMany(user =>
            Enumerable.Range(0, CommandsPerUser).Select(i => i % 2 == 0 ? user.ChangeAddress($"{i} Sequence Street") : user.Rename($"Orderly {i}"))));
        var states = new Dictionary<string, UserView>();
        foreach (var id in ids) states[id] = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
        bool AllCaughtUp()
        {
            lock (seen) return ids.All(id => seen[id].LastOrDefault() == states[id].Version);
        }
        await Eventually.TrueAsync(() => Task.FromResult(AllCaughtUp()),
            TimeSpan.FromSeconds(30), "every row at its grain's version");
        await writing.CancelAsync();
        await sampler;

        foreach (var id in ids)
        {
            var versions = seen[id];
            Assert.Equal(2 + CommandsPerUser, states[id].Version);
            Assert.True(versions.Zip(versions.Skip(1)).All(pair => pair.First <= pair.Second),
                $"{id}'s row went backwards: {string.Join(",", versions.Distinct())}");
            // The sampler saw the row move while the commands ran, not only its final state.
            Assert.True(versions.Distinct().Count() > 2, $"{id}: only versions {string.Join(",", versions.Distinct())} were seen");
            var row = await model.GetAsync(id);
            Assert.Equal((states[id].Name, states[id].Email, states[id].Address, states[id].Deactivated, states[id].Version),
                (row!.Name, row.Email, row.Address, row.Deactivated, row.Version));
        }
    }
}
