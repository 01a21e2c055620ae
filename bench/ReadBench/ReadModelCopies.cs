using ReadModels.Postgres;
using ReadModels.Redis;
using ReadModels.Sqlite;
using ReadModels.Users;
using StackExchange.Redis;

namespace ReadBench;

/// <summary>
/// Fresh copies of the product's read models under new names (what <c>projections rebuild</c>
/// builds beside the live copy): Redis keys under <c>rm:{bench_redis_N}</c>, a new SQLite file,
/// new PostgreSQL tables <c>bench_pg_N_*</c>.
/// </summary>
public sealed class ReadModelCopies(IConnectionMultiplexer redis, string sqliteFolder, string? postgresConnectionString)
{
    private int _next;

    public IUserDirectory Create(ModelKind kind)
    {
        var n = Interlocked.Increment(ref _next);
        return kind switch
        {
            ModelKind.Redis => new RedisUserReadModel(redis, new RedisUserReadModelOptions { Name = $"bench_redis_{n}" }),
            ModelKind.Sqlite => new SqliteUserReadModel(new SqliteUserReadModelOptions { FilePath = Path.Combine(sqliteFolder, $"bench_sqlite_{n}.db"), Name = $"bench_sqlite_{n}" }),
            ModelKind.Postgres => new PostgresUserReadModel(new PostgresUserReadModelOptions
            {
                ConnectionString = postgresConnectionString ?? throw new InvalidOperationException("No PostgreSQL for the PostgreSQL model."),
                Name = $"bench_pg_{n}",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Frees what a measured copy holds, so the next copy runs against the same store size.</summary>
    public async Task DropAsync(IUserDirectory copy)
    {
        await copy.ResetAsync();
        switch (copy)
        {
            case SqliteUserReadModel sqlite:
                sqlite.Dispose();
                foreach (var file in Directory.GetFiles(sqliteFolder, copy.Name + ".db*")) File.Delete(file);
                break;
            case IAsyncDisposable disposable:
                await disposable.DisposeAsync();
                break;
        }
    }
}
