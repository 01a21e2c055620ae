using Npgsql;
using NpgsqlTypes;
using ReadModels.Users;

namespace ReadModels.Postgres;

/// <summary>How <see cref="UserRow"/>s are read from and written to PostgreSQL's users table.</summary>
internal static class PostgresUserRows
{
    public const string Columns = "id, name, email, address, deactivated, deactivation_reason, version, updated_at";

    /// <summary><see cref="Columns"/> of the table named <paramref name="alias"/> in a join.</summary>
    public static string ColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(c => $"{alias}.{c}"));

    public static UserRow Read(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.GetBoolean(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.GetInt32(6),
        r.GetFieldValue<DateTimeOffset>(7));

    /// <summary>One statement for all the rows: the columns travel as arrays and unnest back into rows.</summary>
    public static NpgsqlBatchCommand Upsert(string table, IReadOnlyList<UserRow> rows) => new($"""
        INSERT INTO {table} ({Columns})
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::integer[], $8::timestamptz[])
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, address = excluded.address,
            deactivated = excluded.deactivated, deactivation_reason = excluded.deactivation_reason,
            version = excluded.version, updated_at = excluded.updated_at
        """)
    {
        Parameters =
        {
            Array(rows.Select(r => r.Id)),
            Array(rows.Select(r => r.Name)),
            Array(rows.Select(r => r.Email)),
            Array(rows.Select(r => r.Address)),
            new NpgsqlParameter { Value = rows.Select(r => r.Deactivated).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean },
            Array(rows.Select(r => r.DeactivationReason)),
            new NpgsqlParameter { Value = rows.Select(r => r.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
            // timestamptz takes UTC only; the instant is what matters.
            new NpgsqlParameter { Value = rows.Select(r => r.UpdatedAt.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
        },
    };

    public static NpgsqlParameter Array(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
