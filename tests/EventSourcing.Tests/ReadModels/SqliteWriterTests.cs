using EventSourcing.Tests.Infrastructure;
using ReadModels.Sqlite;

namespace EventSourcing.Tests.ReadModels;

/// <summary>
/// Every partition's projection opens its own model instance on the one SQLite file: their writes
/// queue for the file's single writer thread instead of meeting at SQLite's busy lock.
/// </summary>
public sealed class SqliteWriterTests(SqliteFileFixture fixture) : IClassFixture<SqliteFileFixture>
{
    [Fact]
    public async Task instances_on_one_file_applying_sixteen_partitions_at_once_all_land()
    {
        const int partitions = 16, usersPerPartition = 20;
        var name = "writers_" + Guid.NewGuid().ToString("N")[..8];
        SqliteUserReadModel Open() => new(new SqliteUserReadModelOptions { FilePath = fixture.FilePath, Name = name });
        await Open().ReadCheckpointAsync(0); // schema first, as the projection host does

        var feeds = Enumerable.Range(0, partitions).Select(p => new UserFeed(partition: p)).ToList();
        await Task.WhenAll(feeds.Select(feed => Task.Run(async () =>
        {
            var model = Open();
            for (var u = 0; u < usersPerPartition; u++)
            {
                var id = $"p{feed.Partition}-u{u}";
                await model.ApplyAsync(feed.Partition, [feed.Created(id, "N" + u), feed.EmailUpdated(id, $"{id}@example.com")], feed.LastFeedEntryId);
            }
        })));

        var reader = Open();
        Assert.Equal(partitions * usersPerPartition, (await reader.ListAsync(1000)).Count);
        foreach (var feed in feeds)
        {
            Assert.Equal(feed.LastFeedEntryId, await reader.ReadCheckpointAsync(feed.Partition));
            Assert.Equal($"p{feed.Partition}-u7", (await reader.FindByEmailAsync($"p{feed.Partition}-u7@example.com"))?.Id);
        }
    }

    [Fact]
    public async Task a_failed_write_reaches_its_caller_and_the_writer_goes_on()
    {
        var writer = SqliteWriterThread.For(Path.Combine(Path.GetTempPath(), "writer-test-" + Guid.NewGuid().ToString("N")));
        var order = new List<int>();
        var failing = writer.RunAsync(() => throw new InvalidOperationException("boom"), CancellationToken.None);
        var next = writer.RunAsync(() => { order.Add(1); return Task.CompletedTask; }, CancellationToken.None);
        var last = writer.RunAsync(() => { order.Add(2); return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        await Task.WhenAll(next, last);
        Assert.Equal([1, 2], order);

        // The thread leaves when idle; the next write starts another.
        await Eventually.TrueAsync(() => Task.FromResult(!writer.IsRunning), TimeSpan.FromSeconds(10), "the idle writer thread to leave");
        var again = 0;
        await writer.RunAsync(() => { again = Thread.CurrentThread.IsThreadPoolThread ? -1 : 1; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(1, again);
    }
}
