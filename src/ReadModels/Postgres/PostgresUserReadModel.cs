using Npgsql;
using ReadModels.Relational;
using ReadModels.Users;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Running;

namespace ReadModels.Postgres;

/// <summary>
/// The users read model in PostgreSQL: a users table (each row its user's fold) with a generated,
/// GIN-indexed <c>tsvector</c> over name, email and address, the email → user index
/// (<see cref="UserChangeSet"/> says who holds an email), and the checkpoints. One
/// <see cref="ApplyAsync"/> is one transaction in three round trips: lock and read the checkpoint
/// and the rows it folds onto, one batch of writes (deletes, one multi-row upsert, email claims and releases,
/// checkpoint), commit.
/// </summary>
/// <remarks>
/// Search: every word of the text (letters and digits; see <see cref="SearchWords"/>) must start a
/// word of the name, email or address (a <c>to_tsquery</c> of <c>word:*</c> terms, <c>simple</c>
/// configuration, so case-insensitive and without stemming: "alic exam" finds Alice at
/// alice@example.com); best first by <c>ts_rank</c>, a name match weighing more than an email
/// match, and that more than an address match. Case folding beyond ASCII follows the database's
/// LC_CTYPE: a UTF-8 locale (C.UTF-8, en_US.UTF-8) folds É to é, the C locale does not. Accents
/// count (no unaccent), unlike in the SQLite store.
/// </remarks>
public sealed class PostgresUserReadModel : IUserReadModel, IAsyncDisposable
{
    // Two partitions' batches meet only on the email index: both claim one email (the upsert waits
    // for the other's commit, then overwrites it), or one frees an entry the other claims. Claims
    // take their locks in email order, but a release's delete may still lock in another order:
    // PostgreSQL then aborts one transaction as deadlocked, and it is tried again on fresh rows.
    private static readonly HashSet<string> RaceStates = [PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.SerializationFailure];

    private readonly PostgresUserReadModelOptions _options;
    private readonly UserTableNames _tables;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaOnce _schema = new();

    public PostgresUserReadModel(PostgresUserReadModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _tables = UserTableNames.For(options.Name);
        _dataSource = NpgsqlDataSource.Create(WithAutoPrepare(options.ConnectionString));
    }

    public string Name => _tables.Projection;

    public string Category => UserStreams.Category;

    public int MaxConcurrentApplies => _options.MaxConcurrentApplies;

    public async Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT feed_entry_id FROM {_tables.Checkpoints} WHERE projection = $1 AND partition = $2", connection)
        {
            Parameters = { new() { Value = Name }, new() { Value = partition } },
        };
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnceAsync(partition, events, checkpoint, cancellationToken);
                return;
            }
            catch (PostgresException e) when (RaceStates.Contains(e.SqlState) && attempt < _options.MaxApplyAttempts)
            {
            }
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"TRUNCATE {_tables.Users}, {_tables.Emails}"),
                new($"DELETE FROM {_tables.Checkpoints} WHERE projection = $1") { Parameters = { new() { Value = Name } } },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS {_tables.Users}, {_tables.Emails}, {_tables.Checkpoints}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {PostgresUserRows.Columns} FROM {_tables.Users} WHERE id = $1", cancellationToken, id)).SingleOrDefault();

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        (await QueryAsync(
            $"SELECT {PostgresUserRows.ColumnsOf("u")} FROM {_tables.Emails} e JOIN {_tables.Users} u ON u.id = e.user_id WHERE e.email = $1",
            cancellationToken, email)).SingleOrDefault();

    public async Task<IReadOnlyList<UserRow>> SearchAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var words = SearchWords.Of(text);
        if (words.Count == 0)
        {
            return [];
        }

        // word:* is a prefix term; the words hold letters and digits only, so no tsquery operator slips in.
        var query = string.Join(" & ", words.Select(w => w + ":*"));
        return await QueryAsync(
            $"SELECT {PostgresUserRows.Columns} FROM {_tables.Users}, to_tsquery('simple', $1) q "
            + "WHERE search @@ q ORDER BY ts_rank(search, q) DESC, id LIMIT $2",
            cancellationToken, query, limit);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(int limit, string? afterId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await QueryAsync(
            $"SELECT {PostgresUserRows.Columns} FROM {_tables.Users} WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT $2",
            cancellationToken, afterId, limit);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Every apply sends the same few statements: prepared on each pooled connection after their
    /// second use, PostgreSQL stops parsing and planning them per transaction, which was most of its
    /// CPU under live traffic (bench/run-read.sh). A connection string that sets its own
    /// <c>Max Auto Prepare</c> keeps it.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 16;
        return builder.ConnectionString;
    }

    private async Task ApplyOnceAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (storedCheckpoint, stored) = await LockAsync(connection, transaction, partition, UserChangeSet.TouchedIds(events, Category), cancellationToken);
        if (CheckpointGuard.EventsToApply(events, checkpoint, storedCheckpoint) is not { } fresh) return;
        var changes = UserChangeSet.Fold(stored, fresh, Category);
        await using var batch = new NpgsqlBatch(connection, transaction);
        // The commit does not wait for the WAL flush: a crash of PostgreSQL may lose the last
        // commits, rows and checkpoint together, which leaves the model exact but behind, and the
        // pump applies those events again from the log (the log, not this copy, is what must last).
        batch.BatchCommands.Add(new("SET LOCAL synchronous_commit TO OFF"));
        if (changes.Deleted.Count > 0)
        {
            batch.BatchCommands.Add(new($"DELETE FROM {_tables.Users} WHERE id = ANY($1)") { Parameters = { PostgresUserRows.Array(changes.Deleted) } });
        }

        if (changes.Upserted.Count > 0)
        {
            batch.BatchCommands.Add(PostgresUserRows.Upsert(_tables.Users, changes.Upserted));
        }

        // Claims, then releases: the order UserChangeSet's index changes are meant in.
        if (changes.Claims.Count > 0)
        {
            batch.BatchCommands.Add(PostgresEmailIndex.Claim(_tables.Emails, changes.Claims));
        }

        if (changes.Releases.Count > 0)
        {
            batch.BatchCommands.Add(PostgresEmailIndex.Release(_tables.Emails, changes.Releases));
        }

        batch.BatchCommands.Add(new(
            $"INSERT INTO {_tables.Checkpoints} (projection, partition, feed_entry_id) VALUES ($1, $2, $3) "
            + "ON CONFLICT (projection, partition) DO UPDATE SET feed_entry_id = excluded.feed_entry_id")
        {
            Parameters = { new() { Value = Name }, new() { Value = partition }, new() { Value = checkpoint } },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The partition's checkpoint and the rows the batch folds onto, FOR UPDATE (the checkpoint
    /// first, then the rows in id order), in one round trip: a second reader of this partition
    /// (during a rebalance) waits here, then sees the checkpoint and rows the first one wrote,
    /// instead of overwriting them. The rows are those of every event in the batch, a superset of
    /// what the checkpoint leaves to apply; the fold touches only the users it changes.
    /// </summary>
    private async Task<(string? Checkpoint, Dictionary<string, UserRow> Rows)> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int partition, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"SELECT feed_entry_id FROM {_tables.Checkpoints} WHERE projection = $1 AND partition = $2 FOR UPDATE")
                {
                    Parameters = { new() { Value = Name }, new() { Value = partition } },
                },
            },
        };
        if (ids.Count > 0)
        {
            batch.BatchCommands.Add(new($"SELECT {PostgresUserRows.Columns} FROM {_tables.Users} WHERE id = ANY($1) ORDER BY id FOR UPDATE")
            {
                Parameters = { PostgresUserRows.Array(ids) },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var checkpoint = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        var rows = new Dictionary<string, UserRow>(StringComparer.Ordinal);
        if (await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = PostgresUserRows.Read(reader);
                rows[row.Id] = row;
            }
        }

        return (checkpoint, rows);
    }

    private async Task<List<UserRow>> QueryAsync(string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        var rows = new List<UserRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(PostgresUserRows.Read(reader));
        }

        return rows;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(ct => PostgresUserSchema.CreateAsync(_dataSource, _tables, ct), cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }
}
