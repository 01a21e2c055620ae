using System.Globalization;
using ReadModels.Users;
using StackExchange.Redis;

namespace ReadModels.Redis;

/// <summary>A user row as the fields of its hash (readable with <c>redis-cli HGETALL</c>); absent values are left out.</summary>
internal static class RedisUserRowCodec
{
    public static List<RedisValue> Fields(UserRow row)
    {
        var fields = new List<RedisValue> { "id", row.Id, "name", row.Name };
        if (row.Email is not null) fields.AddRange(["email", row.Email]);
        if (row.Address is not null) fields.AddRange(["address", row.Address]);
        fields.AddRange(["deactivated", row.Deactivated ? "1" : "0"]);
        if (row.DeactivationReason is not null) fields.AddRange(["deactivation_reason", row.DeactivationReason]);
        fields.AddRange(["version", row.Version.ToString(CultureInfo.InvariantCulture), "updated_at", row.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)]);
        return fields;
    }

    /// <summary>The field names <see cref="Fields"/> writes for this row.</summary>
    public static IEnumerable<string> Names(UserRow row)
    {
        var fields = Fields(row);
        for (var i = 0; i < fields.Count; i += 2) yield return fields[i].ToString();
    }

    public static UserRow? Read(HashEntry[] entries)
    {
        if (entries.Length == 0) return null;
        var f = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        return new UserRow(
            f["id"],
            f["name"],
            f.GetValueOrDefault("email"),
            f.GetValueOrDefault("address"),
            f["deactivated"] == "1",
            f.GetValueOrDefault("deactivation_reason"),
            int.Parse(f["version"], CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(f["updated_at"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }
}
