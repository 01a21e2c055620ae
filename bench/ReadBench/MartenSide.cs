using System.Diagnostics;
using Grains.Users;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace ReadBench;

/// <summary>
/// Marten 9 on the private PostgreSQL: the same histories appended with QuickAppend in big batches
/// (string stream ids, as WriteBench's Marten target), then <see cref="MartenUserDocProjection"/>
/// rebuilt from the start by the async daemon (<c>IProjectionDaemon.RebuildProjectionAsync</c>),
/// the projection registered <see cref="ProjectionLifecycle.Async"/>.
/// </summary>
public static class MartenSide
{
    /// <summary>Streams per transaction while loading: big batches, Marten's fastest honest load.</summary>
    private const int StreamsPerSession = 5_000;

    public static DocumentStore Store(string connectionString, int? batchSize) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        options.AutoCreateSchemaObjects = AutoCreate.All;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.AddEventTypes([typeof(UserCreated), typeof(NameChanged), typeof(EmailUpdated), typeof(AddressUpdated), typeof(UserDeactivated)]);
        options.Projections.Add(new MartenUserDocProjection(), ProjectionLifecycle.Async, o =>
        {
            if (batchSize is { } size) o.BatchSize = size;
        });
    });

    /// <summary>Round by round, as our loader (every user's version 1, then version 2, ...), so pages interleave users alike.</summary>
    public static async Task<TimeSpan> LoadAsync(DocumentStore store, UserHistories histories, Action<long>? progress = null)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var watch = Stopwatch.StartNew();
        long written = 0;
        for (var version = 1; version <= histories.EventsPerUser; version++)
        {
            for (var first = 0; first < histories.Users; first += StreamsPerSession)
            {
                await using var session = store.LightweightSession();
                var last = Math.Min(histories.Users, first + StreamsPerSession);
                for (var user = first; user < last; user++)
                {
                    var e = histories.Event(user, version);
                    if (version == 1) session.Events.StartStream<MartenUserDoc>(UserHistories.UserId(user), e);
                    else session.Events.Append(UserHistories.UserId(user), e);
                }
                await session.SaveChangesAsync();
                written += last - first;
                progress?.Invoke(written);
            }
        }
        return watch.Elapsed;
    }

    /// <returns>The wall time of the rebuild, and how many documents it left.</returns>
    public static async Task<(TimeSpan Elapsed, long Documents)> RebuildAsync(DocumentStore store, CancellationToken cancellationToken = default)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        var watch = Stopwatch.StartNew();
        await daemon.RebuildProjectionAsync(typeof(MartenUserDocProjection), TimeSpan.FromMinutes(30), cancellationToken);
        var elapsed = watch.Elapsed;
        await using var session = store.QuerySession();
        var documents = await session.Query<MartenUserDoc>().CountAsync(cancellationToken);
        return (elapsed, documents);
    }

    /// <summary>What a rebuilt document holds for one user (for the check after each build).</summary>
    public static async Task<MartenUserDoc?> LoadDocAsync(DocumentStore store, string id)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<MartenUserDoc>(id);
    }

    public static async Task<long> EventCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
