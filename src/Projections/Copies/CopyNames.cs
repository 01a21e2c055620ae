using System.Globalization;
using System.Text.RegularExpressions;

namespace RedisEventSourcing.Projections.Copies;

/// <summary>
/// Names of copies. A copy's name prefixes its tables and keys, so it follows the strictest store's
/// identifier rule (lower-case, digits, '_', at most 40 characters: SQL table names).
/// </summary>
public static partial class CopyNames
{
    /// <summary>The n-th blue/green generation of <paramref name="projection"/>: <c>users_g2</c>.</summary>
    public static string Generation(string projection, long n) => Checked($"{projection}_g{n.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The default name of a copy as of an instant: <c>users_at_20261201t120000</c>.</summary>
    public static string AsOf(string projection, DateTimeOffset instant) =>
        Checked($"{projection}_at_{instant.UtcDateTime.ToString("yyyyMMdd't'HHmmss", CultureInfo.InvariantCulture)}");

    /// <exception cref="ArgumentException">Not a name every store accepts.</exception>
    public static string Checked(string name) =>
        name is not null && Pattern().IsMatch(name)
            ? name
            : throw new ArgumentException($"A copy name must be a lower-case letter followed by up to 39 lower-case letters, digits or '_' (it prefixes table and key names); was '{name}'.", nameof(name));

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex Pattern();
}
