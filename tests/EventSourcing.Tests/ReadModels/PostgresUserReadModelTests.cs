using EventSourcing.Tests.Infrastructure;
using Npgsql;
using ReadModels.Postgres;
using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The users read model contract against a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresUserReadModelTests(PostgresServerFixture fixture) : UserReadModelContract
{
    protected override IUserReadModel Create(string projectionName) =>
        new PostgresUserReadModel(new PostgresUserReadModelOptions { ConnectionString = fixture.ConnectionString, Name = projectionName });

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
