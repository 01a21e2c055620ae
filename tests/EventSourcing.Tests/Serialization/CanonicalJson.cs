using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcing.Tests.Serialization;

/// <summary>
/// Deep, structural equality for records holding collections (whose own Equals compares
/// references): System.Text.Json's defaults show what equality hides (a DateTime's kind, a
/// DateTimeOffset's offset, a decimal's scale, -0), with C# names, independent of the wire's rule.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = false,
    };

    public static string Of(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);
}
