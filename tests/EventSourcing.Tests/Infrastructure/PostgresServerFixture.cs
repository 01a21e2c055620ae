using LocalPostgres;
using Npgsql;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the test run: the server <c>POSTGRES_CONNECTION</c> names (its role needs
/// CREATEDB), or a private cluster started on a free port (src/LocalPostgres). Either way the tests
/// get a database of their own, dropped at the end.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private string _serverConnectionString = "";
    private string _database = "";

    public LocalPostgresCluster? Cluster { get; private set; }

    /// <summary>The tests' own database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("POSTGRES_CONNECTION");
        if (string.IsNullOrWhiteSpace(configured))
        {
            // Throwaway data: skipping fsync keeps a 2-core machine's disk out of the tests' timings.
            Cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions
            {
                Settings = { ["fsync"] = "off", ["synchronous_commit"] = "off", ["full_page_writes"] = "off" },
            });
            configured = Cluster.ConnectionString();
        }

        _serverConnectionString = configured;
        _database = "es_tests_" + Guid.NewGuid().ToString("N")[..12];
        // The locale decides case folding beyond ASCII in full-text search: the same on any server.
        await ExecuteOnServerAsync($"CREATE DATABASE {_database} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database }.ToString();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
