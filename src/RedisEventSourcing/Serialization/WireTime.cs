using System.Globalization;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// The one text form of times, in stream fields and in JSON alike: ISO 8601 round-trip ("O").
/// It keeps what <see cref="DateTime"/> and <see cref="DateTimeOffset"/> equality ignore, the kind
/// and the offset, so a value reads back the same whether a grain starts from a snapshot or replays.
/// </summary>
internal static class WireTime
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Utc ends in <c>Z</c>, Local in the writer's offset, Unspecified in nothing.</summary>
    public static string Format(DateTime value) => value.ToString("O", Invariant);

    /// <summary>
    /// The suffix gives the kind back: <c>Z</c> Utc, an offset Local (the same instant on this
    /// machine's clock), none Unspecified. Entries of older releases (always <c>Z</c>) read as Utc.
    /// </summary>
    public static DateTime ParseDateTime(string text) => DateTime.Parse(text, Invariant, DateTimeStyles.RoundtripKind);

    /// <summary>The offset is kept; a zero offset is written <c>Z</c>, as older releases wrote every value.</summary>
    public static string Format(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero ? value.UtcDateTime.ToString("O", Invariant) : value.ToString("O", Invariant);

    /// <summary>Text without an offset is UTC, never this machine's zone.</summary>
    public static DateTimeOffset ParseDateTimeOffset(string text) => DateTimeOffset.Parse(text, Invariant, DateTimeStyles.AssumeUniversal);
}
