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
    // users.email is the fold's, so two rows may share one; the emails table is the unique index
    // (UserChangeSet says who holds an entry). A database of the version before it had a unique
    // index on users.email instead: its holders move into the emails table and the index goes, once.
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
        CREATE TABLE IF NOT EXISTS {t.Emails} (
            email text PRIMARY KEY,
            user_id text NOT NULL,
            claimed_at text NOT NULL DEFAULT ''
        );
        ALTER TABLE {t.Emails} ADD COLUMN IF NOT EXISTS claimed_at text NOT NULL DEFAULT '';
        INSERT INTO {t.Emails} (email, user_id)
            SELECT email, id FROM {t.Users} WHERE email IS NOT NULL AND to_regclass('{t.LegacyUniqueEmailIndex}') IS NOT NULL
            ON CONFLICT (email) DO NOTHING;
        DROP INDEX IF EXISTS {t.LegacyUniqueEmailIndex};
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
