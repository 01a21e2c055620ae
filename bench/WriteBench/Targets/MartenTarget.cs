using Grains.Users;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// Marten 9's event store on the private PostgreSQL cluster, as a Marten user would write it:
/// string stream ids, Quick append mode, the user as an inline snapshot; a command is
/// FetchForWriting (expected version) + append + SaveChanges, retried on a version conflict.
/// </summary>
public sealed class MartenTarget(BenchPostgres cluster) : ICommandTarget
{
    private const int MaxAttempts = 100;
    private DocumentStore? _store;
    private string _connectionString = "";

    private DocumentStore Store => _store!;

    public async Task StartAsync(Scenario scenario, Durability durability)
    {
        _connectionString = await cluster.CreateDatabaseAsync(durability.PostgresSynchronousCommit());
        _store = DocumentStore.For(options =>
        {
            options.Connection(_connectionString);
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventTypes([typeof(UserCreated), typeof(NameChanged), typeof(EmailUpdated), typeof(AddressUpdated), typeof(UserDeactivated)]);
            options.Projections.Snapshot<MartenUser>(SnapshotLifecycle.Inline);
        });
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task<int> CreateUserAsync(string id, int user)
    {
        await using var session = Store.LightweightSession();
        session.Events.StartStream<MartenUser>(id, new UserCreated(id, Command.InitialName(user)), new EmailUpdated(id, Command.InitialEmail(user)));
        await session.SaveChangesAsync();
        return 2;
    }

    /// <summary>Whole histories in one StartStream each, ten streams per transaction.</summary>
    public async Task SeedAsync(IReadOnlyList<string> ids, int eventsPerUser)
    {
        foreach (var chunk in ids.Chunk(10))
        {
            await using var session = Store.LightweightSession();
            foreach (var id in chunk)
            {
                var events = new List<object>(eventsPerUser) { new UserCreated(id, "Seed name 1") };
                for (var v = 2; v <= eventsPerUser; v++) events.Add(new NameChanged(id, $"Seed name {v}"));
                session.Events.StartStream<MartenUser>(id, events);
            }
            await session.SaveChangesAsync();
        }
    }

    public async Task<int> ExecuteAsync(Command command, int caller)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = Store.LightweightSession();
            var stream = await session.Events.FetchForWriting<MartenUser>(command.UserId);
            var user = stream.Aggregate;
            if (user is not { Exists: true } || user.Deactivated) throw new InvalidOperationException($"User '{command.UserId}' does not exist or is deactivated.");
            UserEvent? e = command.Kind switch
            {
                CommandKind.Rename => command.Value == user.Name ? null : new NameChanged(command.UserId, command.Value),
                CommandKind.ChangeEmail => command.Value == user.Email ? null : new EmailUpdated(command.UserId, command.Value),
                _ => command.Value == user.Address ? null : new AddressUpdated(command.UserId, command.Value),
            };
            if (e is null) return 0;
            stream.AppendOne(e);
            try
            {
                await session.SaveChangesAsync();
                return 1;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsConflict(ex))
            {
            }
        }
    }

    public (double? Silo, double Client, double Store) Cpu() => (null, CommandTargetRunner.DriverCpu(), cluster.CpuSeconds());

    public long? SiloPeakWorkingSet() => null;

    /// <summary>On-disk bytes of the event tables (mt_events + mt_streams, with indexes and TOAST); the snapshot table is extra.</summary>
    public async Task<(long Bytes, long? UsedMemoryDelta, string? Detail)> FootprintAsync()
    {
        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("CHECKPOINT; SELECT pg_total_relation_size('mt_events') + pg_total_relation_size('mt_streams'), pg_total_relation_size('mt_doc_martenuser')", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var events = reader.GetInt64(0);
        return (events, null, $"on disk: mt_events+mt_streams {events:N0} B; snapshot table mt_doc_martenuser {reader.GetInt64(1):N0} B more");
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    private static bool IsConflict(Exception e) =>
        e is ConcurrencyException || e.GetType().Name.Contains("Concurrency", StringComparison.Ordinal) || e.GetType().Name.Contains("UnexpectedMaxEventId", StringComparison.Ordinal);
}
