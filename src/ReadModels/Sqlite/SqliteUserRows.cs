using Microsoft.Data.Sqlite;
using ReadModels.Users;

namespace ReadModels.Sqlite;

/// <summary>How a <see cref="UserRow"/> is stored in SQLite's users table.</summary>
internal static class SqliteUserRows
{
    public static readonly string[] Columns = ["id", "name", "email", "address", "deactivated", "deactivation_reason", "version", "updated_at"];

    public static string ColumnList(string? alias = null) =>
        string.Join(", ", Columns.Select(c => alias is null ? c : $"{alias}.{c}"));

    public static UserRow Read(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.GetInt64(4) != 0,
        r.IsDBNull(5) ? null : r.GetString(5),
        r.GetInt32(6),
        DateTimeOffset.UnixEpoch.AddTicks(r.GetInt64(7) * TimeSpan.TicksPerMicrosecond));

    public static async Task<List<UserRow>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<UserRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>Binds <c>$id</c>, <c>$name</c>, ... for an insert of <paramref name="row"/>.</summary>
    public static void Bind(SqliteCommand command, UserRow row)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$id", row.Id);
        command.Parameters.AddWithValue("$name", row.Name);
        command.Parameters.AddWithValue("$email", (object?)row.Email ?? DBNull.Value);
        command.Parameters.AddWithValue("$address", (object?)row.Address ?? DBNull.Value);
        command.Parameters.AddWithValue("$deactivated", row.Deactivated ? 1 : 0);
        command.Parameters.AddWithValue("$deactivation_reason", (object?)row.DeactivationReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", row.Version);
        command.Parameters.AddWithValue("$updated_at", (row.UpdatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
    }

    public static string Upsert(string table) => $"""
        INSERT INTO {table} ({ColumnList()}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))})
        ON CONFLICT (id) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = excluded.{c}"))}
        """;
}
