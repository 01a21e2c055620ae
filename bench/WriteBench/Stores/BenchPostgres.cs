using LocalPostgres;
using Npgsql;

namespace WriteBench.Stores;

/// <summary>
/// A private PostgreSQL cluster (src/LocalPostgres) in one <see cref="StoreRegime"/>: its data and
/// WAL in the regime's folder, and Marten's connections through a <see cref="LatencyProxy"/> when
/// the regime adds latency, so Marten pays the same distance and fsync as the Redis targets.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private static int _databases;
    private readonly LocalPostgresCluster _cluster;
    private readonly LatencyProxy? _proxy;

    private BenchPostgres(LocalPostgresCluster cluster, LatencyProxy? proxy) => (_cluster, _proxy) = (cluster, proxy);

    /// <summary>Durable like a production server (fsync, full page writes), with room for the drivers' pools.</summary>
    public static async Task<BenchPostgres> StartAsync(StoreRegime regime)
    {
        var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions
        {
            ParentDirectory = regime.AofDirectory,
            Settings =
            {
                ["max_connections"] = "200",
                ["shared_buffers"] = "256MB",
                ["fsync"] = "on",
                ["full_page_writes"] = "on",
            },
        });
        return new BenchPostgres(cluster, regime.RoundTripMs > 0 ? LatencyProxy.Start(cluster.Port, regime.OneWay) : null);
    }

    /// <summary>A new empty database; the connection string sets synchronous_commit for every session.</summary>
    public async Task<string> CreateDatabaseAsync(string synchronousCommit)
    {
        var name = $"bench{Interlocked.Increment(ref _databases)}";
        await using (var conn = new NpgsqlConnection(_cluster.ConnectionString()))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString(name))
        {
            MaxPoolSize = 100,
            Options = $"-c synchronous_commit={synchronousCommit}",
        };
        if (_proxy is not null) builder.Port = _proxy.Port;
        return builder.ConnectionString;
    }

    public double CpuSeconds() => ProcessStats.CpuSecondsWithChildren(_cluster.Pid);

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
