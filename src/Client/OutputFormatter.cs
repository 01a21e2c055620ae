using System.Text.Json;
using Grains.Interfaces;

namespace UsersCli;

/// <summary>Writes a user's state: one camelCase JSON object, or a small readable block.</summary>
internal static class OutputFormatter
{
    public static void Write(TextWriter output, UserView user, bool json) =>
        output.WriteLine(json ? ToJson(user) : ToText(user));

    public static string ToJson(UserView user) => JsonSerializer.Serialize(
        new UserJson(user.Id, user.Name, user.Email, user.Address, user.Deactivated, user.Version, user.Exists, user.DeactivationReason),
        CliJson.Options);

    public static string ToText(UserView user)
    {
        if (!user.Exists) return $"user {user.Id} does not exist";
        var status = user.Deactivated
            ? $"deactivated{(string.IsNullOrEmpty(user.DeactivationReason) ? "" : $": {user.DeactivationReason}")}"
            : "active";
        return string.Join(Environment.NewLine,
            $"user {user.Id} (version {user.Version}, {status})",
            $"  name:    {user.Name ?? "-"}",
            $"  email:   {user.Email ?? "-"}",
            $"  address: {user.Address ?? "-"}");
    }

    /// <summary>The JSON contract: these names and this order.</summary>
    private sealed record UserJson(
        string Id,
        string? Name,
        string? Email,
        string? Address,
        bool Deactivated,
        int Version,
        bool Exists,
        string? DeactivationReason);
}
