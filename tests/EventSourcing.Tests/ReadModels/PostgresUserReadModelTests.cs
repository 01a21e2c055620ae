using EventSourcing.Tests.Infrastructure;
using ReadModels.Postgres;
using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The users read model contract against a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresUserReadModelTests(PostgresServerFixture fixture) : UserReadModelContract
{
    protected override IUserReadModel Create(string projectionName) =>
        new PostgresUserReadModel(new PostgresUserReadModelOptions { ConnectionString = fixture.ConnectionString, Name = projectionName });
}
