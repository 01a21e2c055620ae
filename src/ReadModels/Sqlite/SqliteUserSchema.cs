using Microsoft.Data.Sqlite;
using ReadModels.Relational;

namespace ReadModels.Sqlite;

/// <summary>The tables of one users projection in SQLite, created if missing.</summary>
internal static class SqliteUserSchema
{
    public static async Task CreateAsync(SqliteConnection connection, UserTableNames t, CancellationToken cancellationToken)
    {
        // WAL: readers never wait for the writer, and a commit is one append to the log file.
        // It is a property of the file, so setting it once (outside any transaction) holds for every connection.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var ddl = connection.CreateCommand();
        ddl.Transaction = transaction;
        ddl.CommandText = Ddl(t);
        await ddl.ExecuteNonQueryAsync(cancellationToken);
        // A file of the version before claim positions: its entries count as the oldest claims.
        ddl.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{t.Emails}') WHERE name = 'claimed_at'";
        if (Convert.ToInt64(await ddl.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            ddl.CommandText = $"ALTER TABLE {t.Emails} ADD COLUMN claimed_at TEXT NOT NULL DEFAULT ''";
            await ddl.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    // updated_at: microseconds since the Unix epoch (UTC), PostgreSQL's timestamptz precision.
    // users.email is the fold's, so two rows may share one; the emails table is the unique index
    // (UserChangeSet says who holds an entry). A file of the version before it had a unique index
    // on users.email instead: its holders move into the emails table and the index goes, once.
    // The FTS5 table reads its text from the users table (external content) and the triggers keep
    // it in step, so every statement that changes a row changes the index in the same transaction.
    private static string Ddl(UserTableNames t) => $"""
        CREATE TABLE IF NOT EXISTS {t.Users} (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT,
            address TEXT,
            deactivated INTEGER NOT NULL,
            deactivation_reason TEXT,
            version INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {t.Emails} (
            email TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL,
            claimed_at TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO {t.Emails} (email, user_id)
            SELECT email, id FROM {t.Users}
            WHERE email IS NOT NULL AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '{t.LegacyUniqueEmailIndex}');
        DROP INDEX IF EXISTS {t.LegacyUniqueEmailIndex};
        CREATE TABLE IF NOT EXISTS {t.Checkpoints} (
            projection TEXT NOT NULL,
            partition INTEGER NOT NULL,
            feed_entry_id TEXT NOT NULL,
            PRIMARY KEY (projection, partition)
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS {t.Search} USING fts5(
            name, email, address,
            content = '{t.Users}', content_rowid = 'rowid',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER IF NOT EXISTS {t.Search}_insert AFTER INSERT ON {t.Users} BEGIN
            INSERT INTO {t.Search} (rowid, name, email, address) VALUES (new.rowid, new.name, new.email, new.address);
        END;
        CREATE TRIGGER IF NOT EXISTS {t.Search}_delete AFTER DELETE ON {t.Users} BEGIN
            INSERT INTO {t.Search} ({t.Search}, rowid, name, email, address) VALUES ('delete', old.rowid, old.name, old.email, old.address);
        END;
        CREATE TRIGGER IF NOT EXISTS {t.Search}_update AFTER UPDATE ON {t.Users} BEGIN
            INSERT INTO {t.Search} ({t.Search}, rowid, name, email, address) VALUES ('delete', old.rowid, old.name, old.email, old.address);
            INSERT INTO {t.Search} (rowid, name, email, address) VALUES (new.rowid, new.name, new.email, new.address);
        END;
        """;
}
