using System.Globalization;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace EventSourcing.Tests.Serialization;

[EventType("TimesRecorded")]
public sealed record TimesRecorded(DateTime Unspecified, DateTime Local, DateTime Utc, DateTimeOffset Offset, DateTimeOffset? OptionalOffset);

/// <summary>
/// Raises times of every kind through the codec and describes them with their kind and offset
/// (DateTime and DateTimeOffset equality ignore both, which is how a shift went unnoticed).
/// </summary>
public static class TimeProbe
{
    private static readonly EventTypeRegistry Registry = EventTypeRegistry.For(typeof(TimesRecorded), typeof(TimesRecorded));

    public static TimesRecorded Sample() => new(
        new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Unspecified),
        new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Local),
        new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc),
        new DateTimeOffset(2026, 3, 1, 7, 30, 0, TimeSpan.FromHours(2)),
        new DateTimeOffset(2026, 3, 1, 7, 30, 0, TimeSpan.FromHours(-5.5)));

    public static TimesRecorded RoundTrip(TimesRecorded raised) => (TimesRecorded)Decode(Encode(raised));

    /// <summary>Through the JSON a snapshot holds (the state is serialised with the same options).</summary>
    public static TimesRecorded ThroughSnapshotJson(TimesRecorded raised) =>
        (TimesRecorded)WireJson.Deserialize(WireJson.Serialize(raised, typeof(TimesRecorded)), typeof(TimesRecorded))!;

    public static List<KeyValuePair<string, string>> Encode(object @event) =>
        new EntryEncoder(Registry, 64 * 1024).Encode(@event, 1, "e1", CommandContextSnapshot.Empty);

    public static object Decode(IEnumerable<KeyValuePair<string, string>> fields) =>
        new EntryDecoder(Registry).Decode("k", new StreamEntry("1-0", fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray())).Event;

    public static List<string> Describe(TimesRecorded t) =>
    [
        $"unspecified {Describe(t.Unspecified)}",
        $"local {Describe(t.Local)}",
        $"utc {Describe(t.Utc)}",
        $"offset {Describe(t.Offset)}",
        $"optional offset {(t.OptionalOffset is { } o ? Describe(o) : "null")}",
    ];

    public static string Describe(DateTime t) => $"{t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)} {t.Kind}";

    public static string Describe(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>What the child process prints: its zone, then each value as raised, as read back from stream fields and from snapshot JSON.</summary>
    public static void Print()
    {
        Console.WriteLine($"zone {TimeZoneInfo.Local.Id} {TimeZoneInfo.Local.GetUtcOffset(Sample().Local)}");
        foreach (var line in Describe(Sample())) Console.WriteLine($"raised {line}");
        foreach (var line in Describe(RoundTrip(Sample()))) Console.WriteLine($"read {line}");
        foreach (var line in Describe(ThroughSnapshotJson(Sample()))) Console.WriteLine($"snapshot {line}");
    }
}
