using Microsoft.Data.Sqlite;
using ReadModels.Relational;
using ReadModels.Users;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Running;

namespace ReadModels.Sqlite;

/// <summary>
/// The users read model in a SQLite file (WAL): a users table (each row its user's fold), the
/// email → user index (<see cref="UserChangeSet"/> says who holds an email), an FTS5 index over
/// name, email and address, and the checkpoints, all changed in one transaction per
/// <see cref="ApplyAsync"/>.
/// </summary>
/// <remarks>
/// Search: every word of the text (letters and digits; see <see cref="SearchWords"/>) must start a
/// word of the name, email or address, case- and accent-insensitively ("alic exam" finds Alice at
/// alice@example.com); best first by BM25, a name match weighing more than an email match, and that
/// more than an address match.
/// </remarks>
public sealed class SqliteUserReadModel : IUserReadModel, IDisposable
{
    private readonly UserTableNames _tables;
    private readonly string _connectionString;
    private readonly SchemaOnce _schema = new();
    // SQLite has one writer per file: writers of this instance queue for one thread rather than poll a busy lock.
    private readonly SqliteWriterThread _writer;

    public SqliteUserReadModel(SqliteUserReadModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _tables = UserTableNames.For(options.Name);
        MaxConcurrentApplies = options.MaxConcurrentApplies;
        var path = Path.GetFullPath(options.FilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _writer = SqliteWriterThread.For(path);
    }

    public string Name => _tables.Projection;

    public string Category => UserStreams.Category;

    public int MaxConcurrentApplies { get; }

    public async Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadCheckpointAsync(connection, partition, cancellationToken);
    }

    private async Task<string?> ReadCheckpointAsync(SqliteConnection connection, int partition, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT feed_entry_id FROM {_tables.Checkpoints} WHERE projection = $projection AND partition = $partition";
        command.Parameters.AddWithValue("$projection", Name);
        command.Parameters.AddWithValue("$partition", partition);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        await _writer.RunAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            // IMMEDIATE: take the write lock before reading the rows the batch folds onto.
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (CheckpointGuard.EventsToApply(events, checkpoint, await ReadCheckpointAsync(connection, partition, cancellationToken)) is not { } fresh) return;
            var stored = await LoadAsync(connection, UserChangeSet.TouchedIds(fresh, Category), cancellationToken);
            var changes = UserChangeSet.Fold(stored, fresh, Category);
            await WriteAsync(connection, changes, cancellationToken);
            await Execute(connection,
                $"INSERT INTO {_tables.Checkpoints} (projection, partition, feed_entry_id) VALUES ($projection, $partition, $checkpoint) "
                + "ON CONFLICT (projection, partition) DO UPDATE SET feed_entry_id = excluded.feed_entry_id",
                cancellationToken, ("$projection", Name), ("$partition", partition), ("$checkpoint", checkpoint));
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await _writer.RunAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            // Row by row, so the triggers empty the FTS index too.
            await Execute(connection, $"DELETE FROM {_tables.Users}", cancellationToken);
            await Execute(connection, $"DELETE FROM {_tables.Emails}", cancellationToken);
            await Execute(connection, $"DELETE FROM {_tables.Checkpoints} WHERE projection = $projection", cancellationToken, ("$projection", Name));
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        await _writer.RunAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            // The triggers go with the users table; the FTS5 table is dropped on its own.
            await Execute(connection, $"DROP TABLE IF EXISTS {_tables.Search}", cancellationToken);
            await Execute(connection, $"DROP TABLE IF EXISTS {_tables.Users}", cancellationToken);
            await Execute(connection, $"DROP TABLE IF EXISTS {_tables.Emails}", cancellationToken);
            await Execute(connection, $"DROP TABLE IF EXISTS {_tables.Checkpoints}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {SqliteUserRows.ColumnList()} FROM {_tables.Users} WHERE id = $id", cancellationToken, ("$id", id))).SingleOrDefault();

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        (await QueryAsync(
            $"SELECT {SqliteUserRows.ColumnList("u")} FROM {_tables.Emails} e JOIN {_tables.Users} u ON u.id = e.user_id WHERE e.email = $email",
            cancellationToken, ("$email", email))).SingleOrDefault();

    public async Task<IReadOnlyList<UserRow>> SearchAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var words = SearchWords.Of(text);
        if (words.Count == 0)
        {
            return [];
        }

        // "word"* is a prefix query; the words hold letters and digits only, so the quoting cannot break.
        var match = string.Join(" AND ", words.Select(w => $"\"{w}\"*"));
        return await QueryAsync(
            $"SELECT {SqliteUserRows.ColumnList("u")} FROM {_tables.Search} JOIN {_tables.Users} u ON u.rowid = {_tables.Search}.rowid "
            + $"WHERE {_tables.Search} MATCH $match ORDER BY bm25({_tables.Search}, 10.0, 5.0, 1.0), u.id LIMIT $limit",
            cancellationToken, ("$match", match), ("$limit", limit));
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(int limit, string? afterId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await QueryAsync(
            $"SELECT {SqliteUserRows.ColumnList()} FROM {_tables.Users} WHERE $after IS NULL OR id > $after ORDER BY id LIMIT $limit",
            cancellationToken, ("$after", afterId), ("$limit", limit));
    }

    /// <summary>Closes the pooled connections to the file, so it can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task WriteAsync(SqliteConnection connection, UserChangeSet changes, CancellationToken cancellationToken)
    {
        foreach (var id in changes.Deleted)
        {
            await Execute(connection, $"DELETE FROM {_tables.Users} WHERE id = $id", cancellationToken, ("$id", id));
        }

        await using var upsert = connection.CreateCommand();
        upsert.CommandText = SqliteUserRows.Upsert(_tables.Users);
        foreach (var row in changes.Upserted)
        {
            SqliteUserRows.Bind(upsert, row);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        // Claims, then releases: the order UserChangeSet's index changes are meant in.
        await SqliteEmailIndex.ClaimAsync(connection, _tables.Emails, changes.Claims, cancellationToken);
        await SqliteEmailIndex.ReleaseAsync(connection, _tables.Emails, changes.Releases, cancellationToken);
    }

    private async Task<Dictionary<string, UserRow>> LoadAsync(SqliteConnection connection, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, UserRow>(StringComparer.Ordinal);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {SqliteUserRows.ColumnList()} FROM {_tables.Users} WHERE id = $id";
        var id = select.Parameters.Add("$id", SqliteType.Text);
        foreach (var each in ids)
        {
            id.Value = each;
            foreach (var row in await SqliteUserRows.ReadAllAsync(select, cancellationToken))
            {
                rows[row.Id] = row;
            }
        }

        return rows;
    }

    private async Task<List<UserRow>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        return await SqliteUserRows.ReadAllAsync(command, cancellationToken);
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>
    /// WAL with <c>synchronous=NORMAL</c>: a commit is not fsynced, so a write never waits on the
    /// disk. A crash of this process loses nothing committed; a crash of the machine may roll back
    /// the last commits, rows and checkpoint together (one transaction), which leaves the model
    /// exact but behind, and the pump applies those events again from the log. A read model is
    /// derived data: paying an fsync per batch would buy nothing the log does not already hold.
    /// </summary>
    private static async Task PragmaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await PragmaAsync(connection, cancellationToken);
            await _schema.EnsureAsync(ct => SqliteUserSchema.CreateAsync(connection, _tables, ct), cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
