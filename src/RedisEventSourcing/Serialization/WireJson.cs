using System.Text.Json;

namespace RedisEventSourcing.Serialization;

/// <summary>The JSON of non-scalar event fields and of snapshots: one set of options for both.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Serialize(object value, Type type) => JsonSerializer.Serialize(value, type, Options);

    public static object? Deserialize(string json, Type type) => JsonSerializer.Deserialize(json, type, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            IncludeFields = false,
            Converters = { new WireDateTimeJsonConverter(), new WireDateTimeOffsetJsonConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
