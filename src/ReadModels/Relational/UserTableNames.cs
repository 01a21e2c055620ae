using System.Text.RegularExpressions;

namespace ReadModels.Relational;

/// <summary>
/// The tables and indexes of one users projection. Every name starts with the projection's name, so
/// a rebuild under another name (blue/green) fills its own copy beside the live one in the same
/// database, and the switch is a change of name.
/// </summary>
public sealed partial record UserTableNames
{
    // Unquoted SQL identifiers, the same in SQLite and PostgreSQL; the longest suffix plus 40 stays under PostgreSQL's 63 bytes.
    private const int MaxNameLength = 40;

    private UserTableNames(string projection) => Projection = projection;

    public string Projection { get; }

    public string Users => $"{Projection}_users";

    public string Checkpoints => $"{Projection}_checkpoints";

    /// <summary>The full-text index: an FTS5 table (SQLite) or a GIN index (PostgreSQL).</summary>
    public string Search => $"{Projection}_users_search";

    /// <summary>The email → user id index: <c>(email PRIMARY KEY, user_id)</c>, the user who set the email latest.</summary>
    public string Emails => $"{Projection}_emails";

    /// <summary>
    /// The unique index on the users table's email that came before <see cref="Emails"/>: the first
    /// start of this version copies its holders into <see cref="Emails"/> and drops it.
    /// </summary>
    public string LegacyUniqueEmailIndex => $"{Projection}_users_email";

    /// <exception cref="ArgumentException">The name is not a lower-case identifier of at most 40 characters.</exception>
    public static UserTableNames For(string projectionName) =>
        projectionName is not null && ProjectionNamePattern().IsMatch(projectionName)
            ? new UserTableNames(projectionName)
            : throw new ArgumentException($"A projection name must be a lower-case letter followed by up to {MaxNameLength - 1} lower-case letters, digits or '_' (it prefixes table names); was '{projectionName}'.", nameof(projectionName));

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex ProjectionNamePattern();
}
