using System.Text;
using System.Text.Json;

namespace RedisEventSourcing.Serialization;

internal static class SnakeCase
{
    /// <summary><c>NewAddress</c> → <c>new_address</c>, <c>UserID</c> → <c>user_id</c>.</summary>
    public static string From(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(name[i - 1]))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}

/// <summary>The same snake_case rule for property names inside JSON values and snapshots.</summary>
internal sealed class SnakeCaseNamingPolicy : JsonNamingPolicy
{
    public override string ConvertName(string name) => SnakeCase.From(name);
}
