using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// The JSON of non-scalar event fields and of snapshots, one rule for both and the same as the
/// flat fields: properties in snake_case, nulls left out, times ISO 8601 round-trip, enums by name.
/// </summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = Create(new SnakeCaseNamingPolicy());

    /// <summary>How releases before this rule wrote nested JSON: C# property names, explicit nulls.</summary>
    private static readonly JsonSerializerOptions PascalCase = Create(namingPolicy: null);

    public static string Serialize(object value, Type type) => JsonSerializer.Serialize(value, type, Options);

    /// <summary>
    /// Reads snake_case JSON, or JSON an older release wrote with C# names. An unknown property
    /// is refused rather than dropped, which is also how the old form is told apart: it is read
    /// again with C# names only when the snake_case reading finds a name it does not know.
    /// (Accepting both names in one contract does not work: System.Text.Json refuses two
    /// properties bound to one constructor parameter, which every record has.)
    /// </summary>
    public static object? Deserialize(string json, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type, Options);
        }
        catch (JsonException snakeCase)
        {
            try
            {
                return JsonSerializer.Deserialize(json, type, PascalCase);
            }
            catch (JsonException)
            {
                ExceptionDispatchInfo.Throw(snakeCase);
                throw;
            }
        }
    }

    private static JsonSerializerOptions Create(JsonNamingPolicy? namingPolicy)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = namingPolicy,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            IncludeFields = true,
            Converters = { new WireDateTimeJsonConverter(), new WireDateTimeOffsetJsonConverter(), new JsonStringEnumConverter() },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SetThroughNonPublicSetters } },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// A property with a private or internal setter is set through it, as the flat fields are:
    /// System.Text.Json alone would skip it when reading, and the value would silently be lost.
    /// </summary>
    private static void SetThroughNonPublicSetters(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties)
        {
            if (property.Set is null && property.AssociatedParameter is null
                && property.AttributeProvider is System.Reflection.PropertyInfo { SetMethod: { } setter })
                property.Set = (target, value) => setter.Invoke(target, [value]);
        }
    }
}
