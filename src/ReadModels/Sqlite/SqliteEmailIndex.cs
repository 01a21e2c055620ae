using Microsoft.Data.Sqlite;
using ReadModels.Users;

namespace ReadModels.Sqlite;

/// <summary>How <see cref="UserChangeSet"/>'s email index changes are written to SQLite's emails table.</summary>
internal static class SqliteEmailIndex
{
    /// <summary>Points each email at its user, unless the entry holds a later claim (from another partition).</summary>
    public static Task ClaimAsync(SqliteConnection connection, string table, IReadOnlyList<EmailEntry> claims, CancellationToken cancellationToken) =>
        ExecuteEachAsync(connection, claims, cancellationToken,
            $"INSERT INTO {table} (email, user_id, claimed_at) VALUES ($email, $user_id, $claimed_at) "
            + $"ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, claimed_at = excluded.claimed_at WHERE excluded.claimed_at >= {table}.claimed_at");

    /// <summary>Removes each entry only if it still names the user who gave the email up.</summary>
    public static Task ReleaseAsync(SqliteConnection connection, string table, IReadOnlyList<EmailEntry> releases, CancellationToken cancellationToken) =>
        ExecuteEachAsync(connection, releases, cancellationToken, $"DELETE FROM {table} WHERE email = $email AND user_id = $user_id");

    private static async Task ExecuteEachAsync(SqliteConnection connection, IReadOnlyList<EmailEntry> entries, CancellationToken cancellationToken, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var email = command.Parameters.Add("$email", SqliteType.Text);
        var userId = command.Parameters.Add("$user_id", SqliteType.Text);
        var claimedAt = command.Parameters.Add("$claimed_at", SqliteType.Text);
        foreach (var entry in entries)
        {
            (email.Value, userId.Value, claimedAt.Value) = (entry.Email, entry.UserId, entry.ClaimedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
