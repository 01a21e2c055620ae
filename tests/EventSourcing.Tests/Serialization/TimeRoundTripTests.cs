using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Serialization;

/// <summary>
/// One round-trip-exact rule for times (ISO 8601 "O"): a DateTime keeps its kind and wall clock,
/// a DateTimeOffset its offset, in the stream as in the snapshot.
/// </summary>
public sealed class TimeRoundTripTests
{
    [Fact]
    public void date_times_of_every_kind_and_offsets_come_back_exactly_as_raised()
    {
        var raised = TimeProbe.Sample();

        var read = TimeProbe.RoundTrip(raised);

        Assert.Equal(TimeProbe.Describe(raised), TimeProbe.Describe(read));
    }

    [Fact]
    public void a_time_is_the_same_text_in_a_stream_field_and_in_snapshot_json()
    {
        var raised = TimeProbe.Sample();
        var fields = TimeProbe.Encode(raised).ToDictionary(f => f.Key, f => f.Value);

        using var snapshot = System.Text.Json.JsonDocument.Parse(RedisEventSourcing.Serialization.WireJson.Serialize(raised, typeof(TimesRecorded)));

        var json = snapshot.RootElement.EnumerateObject().ToDictionary(p => RedisEventSourcing.Serialization.SnakeCase.From(p.Name), p => p.Value.GetString());
        Assert.Equal(["local", "offset", "optional_offset", "unspecified", "utc"], json.Keys.Order());
        Assert.All(json, p => Assert.Equal(fields[p.Key], p.Value));
        Assert.Equal(TimeProbe.Describe(raised), TimeProbe.Describe(TimeProbe.ThroughSnapshotJson(raised)));
    }

    [Fact]
    public void utc_times_and_zero_offsets_are_written_with_z_as_before()
    {
        var fields = TimeProbe.Encode(TimeProbe.Sample() with { Offset = new DateTimeOffset(2026, 3, 1, 7, 30, 0, TimeSpan.Zero) })
            .ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal("2026-03-01T10:00:00.0000000Z", fields["utc"]);
        Assert.Equal("2026-03-01T07:30:00.0000000Z", fields["offset"]);
        Assert.Equal("2026-03-01T10:00:00.0000000", fields["unspecified"]);
        Assert.Equal("2026-03-01T07:30:00.0000000-05:30", fields["optional_offset"]);
    }

    [Fact]
    public void an_entry_an_older_release_wrote_in_utc_with_z_still_reads_as_utc()
    {
        var old = new Dictionary<string, string>
        {
            ["type"] = "TimesRecorded",
            ["unspecified"] = "2026-03-01T09:00:00.0000000Z",
            ["local"] = "2026-03-01T09:00:00.0000000Z",
            ["utc"] = "2026-03-01T10:00:00.0000000Z",
            ["offset"] = "2026-03-01T05:30:00.0000000Z",
            ["_version"] = "1",
        };

        var read = (TimesRecorded)TimeProbe.Decode(old);

        Assert.Equal(
            ["unspecified 2026-03-01T09:00:00.0000000 Utc", "local 2026-03-01T09:00:00.0000000 Utc", "utc 2026-03-01T10:00:00.0000000 Utc",
             "offset 2026-03-01T05:30:00.0000000+00:00", "optional offset null"],
            TimeProbe.Describe(read));
    }

    [Fact]
    public async Task under_a_time_zone_other_than_utc_a_process_reads_back_the_times_it_raised()
    {
        var output = await ProbeProcess.RunAsync("time-round-trip", new Dictionary<string, string> { ["TZ"] = "Europe/Berlin" });

        // The child really ran in Berlin (CET, +01:00 on 1 March), or the comparison below proves nothing.
        Assert.Equal("zone Europe/Berlin 01:00:00", output[0]);
        var raised = Lines(output, "raised ");
        Assert.Equal(5, raised.Count);
        Assert.Equal(raised, Lines(output, "read "));
        Assert.Equal(raised, Lines(output, "snapshot "));
    }

    private static List<string> Lines(string[] output, string prefix) =>
        output.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToList();
}
