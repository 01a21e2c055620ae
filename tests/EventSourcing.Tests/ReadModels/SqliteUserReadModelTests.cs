using EventSourcing.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using ReadModels.Sqlite;
using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The users read model contract against a real SQLite file.</summary>
public sealed class SqliteUserReadModelTests(SqliteFileFixture fixture) : UserReadModelContract, IClassFixture<SqliteFileFixture>
{
    protected override IUserReadModel Create(string projectionName) =>
        new SqliteUserReadModel(new SqliteUserReadModelOptions { FilePath = fixture.FilePath, Name = projectionName });

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fixture.FilePath }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
