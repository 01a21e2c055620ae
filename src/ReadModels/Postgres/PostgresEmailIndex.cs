using Npgsql;
using ReadModels.Users;

namespace ReadModels.Postgres;

/// <summary>How <see cref="UserChangeSet"/>'s email index changes are written to PostgreSQL's emails table.</summary>
internal static class PostgresEmailIndex
{
    /// <summary>
    /// Points each email at its user, unless the entry holds a later claim (from another partition);
    /// rows go in the given (email) order, so claims lock in one order.
    /// </summary>
    public static NpgsqlBatchCommand Claim(string table, IReadOnlyList<EmailEntry> claims) => new($"""
        INSERT INTO {table} (email, user_id, claimed_at)
        SELECT c.email, c.user_id, c.claimed_at FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS c(email, user_id, claimed_at, n) ORDER BY c.n
        ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, claimed_at = excluded.claimed_at WHERE {table}.claimed_at <= excluded.claimed_at
        """)
    {
        Parameters =
        {
            PostgresUserRows.Array(claims.Select(c => c.Email)),
            PostgresUserRows.Array(claims.Select(c => c.UserId)),
            PostgresUserRows.Array(claims.Select(c => c.ClaimedAt)),
        },
    };

    /// <summary>Removes each entry only if it still names the user who gave the email up.</summary>
    public static NpgsqlBatchCommand Release(string table, IReadOnlyList<EmailEntry> releases) => new($"""
        DELETE FROM {table} e USING unnest($1::text[], $2::text[]) AS r(email, user_id)
        WHERE e.email = r.email AND e.user_id = r.user_id
        """)
    {
        Parameters = { PostgresUserRows.Array(releases.Select(r => r.Email)), PostgresUserRows.Array(releases.Select(r => r.UserId)) },
    };
}
