using LocalPostgres;
using Npgsql;

namespace WriteBench.Stores;

/// <summary>The bench's use of the shared private PostgreSQL cluster (src/LocalPostgres): its settings, databases and CPU.</summary>
public static class BenchPostgres
{
    private static int _databases;

    /// <summary>Durable like a production server (fsync, full page writes), with room for the drivers' pools.</summary>
    public static Task<LocalPostgresCluster> StartAsync() =>
        LocalPostgresCluster.StartAsync(new LocalPostgresOptions
        {
            Settings =
            {
                ["max_connections"] = "200",
                ["shared_buffers"] = "256MB",
                ["fsync"] = "on",
                ["full_page_writes"] = "on",
            },
        });

    /// <summary>A new empty database; the connection string sets synchronous_commit for every session.</summary>
    public static async Task<string> CreateDatabaseAsync(this LocalPostgresCluster cluster, string synchronousCommit)
    {
        var name = $"bench{Interlocked.Increment(ref _databases)}";
        await using (var conn = new NpgsqlConnection(cluster.ConnectionString()))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return $"{cluster.ConnectionString(name)};Maximum Pool Size=100;Options=-c synchronous_commit={synchronousCommit}";
    }

    public static double CpuSeconds(this LocalPostgresCluster cluster) => ProcessStats.CpuSecondsWithChildren(cluster.Pid);
}
