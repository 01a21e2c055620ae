using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisEventSourcing.Serialization;

/// <summary>Times inside JSON (nested event values, snapshots) in the same text as a stream field.</summary>
internal sealed class WireDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireTime.ParseDateTime(reader.GetString() ?? throw new JsonException("a time must be a JSON string"));

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireTime.Format(value));
}

/// <inheritdoc cref="WireDateTimeJsonConverter"/>
internal sealed class WireDateTimeOffsetJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireTime.ParseDateTimeOffset(reader.GetString() ?? throw new JsonException("a time must be a JSON string"));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireTime.Format(value));
}
