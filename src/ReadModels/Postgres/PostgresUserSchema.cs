using Npgsql;
using ReadModels.Relational;

namespace ReadModels.Postgres;

/// <summary>The tables of one users projection in PostgreSQL, created if missing.</summary>
internal static class PostgresUserSchema
{
    public static async Task CreateAsync(NpgsqlDataSource dataSource, UserTableNames t, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Ddl(t), connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // The advisory lock: two processes creating the same tables at once would otherwise collide
    // in the catalog (IF NOT EXISTS is not atomic there).
    // id COLLATE "C": keyset pages in byte order, the same as SQLite's, whatever the database's locale.
    // search: ASCII punctuation becomes spaces first, so an email or a host is its words
    // (alice, example, com) as in SQLite's FTS5, not one token; a name match weighs most (A).
    private static string Ddl(UserTableNames t) => $"""
        SELECT pg_advisory_xact_lock(hashtext('{t.Users}'));
        CREATE TABLE IF NOT EXISTS {t.Users} (
            id text COLLATE "C" PRIMARY KEY,
            name text NOT NULL,
            email text,
            address text,
            deactivated boolean NOT NULL,
            deactivation_reason text,
            version integer NOT NULL,
            updated_at timestamptz NOT NULL,
            search tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', {Words("name")}), 'A')
                || setweight(to_tsvector('simple', {Words("email")}), 'B')
                || setweight(to_tsvector('simple', {Words("address")}), 'C')
            ) STORED
        );
        CREATE UNIQUE INDEX IF NOT EXISTS {t.EmailIndex} ON {t.Users} (email);
        CREATE INDEX IF NOT EXISTS {t.Search} ON {t.Users} USING gin (search);
        CREATE TABLE IF NOT EXISTS {t.Checkpoints} (
            projection text NOT NULL,
            partition integer NOT NULL,
            feed_entry_id text NOT NULL,
            PRIMARY KEY (projection, partition)
        );
        """;

    private static string Words(string column) => $"regexp_replace(coalesce({column}, ''), '[[:punct:]]+', ' ', 'g')";
}
