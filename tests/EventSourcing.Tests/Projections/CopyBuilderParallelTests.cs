using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using Grains.Users;
using Microsoft.Extensions.Logging.Abstractions;
using ReadModels.Redis;
using RedisEventSourcing.Projections.Rebuild;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// CopyBuilder fills many partitions at once: each must decode its own entries. A resolver shared
/// by the partitions (its decoder reuses one buffer) failed with "Collection was modified" or
/// decoded one entry with another's fields as soon as two partitions decoded at the same time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CopyBuilderParallelTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_copy_built_with_every_partition_at_once_equals_the_grains_state()
    {
        var ids = Enumerable.Range(0, 160).Select(_ => UserIds.New("copy")).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create($"Copy {id[..8]}", $"{id}@example.com");
            for (var i = 0; i < 4; i++)
            {
                if (i % 2 == 0) await user.Rename($"Copy {i} {id[..8]}");
                else await user.ChangeAddress($"{i} Parallel Road {id[..8]}");
            }
        });
        var copy = new RedisUserReadModel(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"copy-{Guid.NewGuid():N}" });
        var builder = new CopyBuilder(fixture.Multiplexer, "es", 16, new Dictionary<string, Type> { ["user"] = typeof(UserEvent) }, NullLogger.Instance)
        {
            PageSize = 10,
            Parallelism = 16,
        };

        await builder.BuildAsync(copy);

        foreach (var id in ids)
        {
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
            var row = await copy.GetAsync(id);
            Assert.NotNull(row);
            Assert.Equal((state.Name, state.Email, state.Address, state.Version), (row.Name, row.Email, row.Address, row.Version));
        }
    }
}
