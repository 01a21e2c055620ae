using EventSourcing.Tests.Infrastructure;
using ReadModels.Sqlite;
using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The users read model contract against a real SQLite file.</summary>
public sealed class SqliteUserReadModelTests(SqliteFileFixture fixture) : UserReadModelContract, IClassFixture<SqliteFileFixture>
{
    protected override IUserReadModel Create(string projectionName) =>
        new SqliteUserReadModel(new SqliteUserReadModelOptions { FilePath = fixture.FilePath, Name = projectionName });
}
