using System.Globalization;
using ReadModels.Users;
using StackExchange.Redis;

namespace ReadModels.Redis;

/// <summary>A user row as the fields of its hash (readable with <c>redis-cli HGETALL</c>); absent values are left out.</summary>
internal static class RedisUserRowCodec
{
    /// <summary>
    /// The fields of <paramref name="row"/> (name, value, ...) that differ from
    /// <paramref name="before"/> (all of them for a new row): a rename writes the name, the
    /// version and the time, not the whole hash again.
    /// </summary>
    public static void AddChanged(List<RedisValue> args, UserRow? before, UserRow row)
    {
        if (before is null || before.Id != row.Id) args.AddRange(["id", row.Id]);
        if (before is null || before.Name != row.Name) args.AddRange(["name", row.Name]);
        if (row.Email is not null && before?.Email != row.Email) args.AddRange(["email", row.Email]);
        if (row.Address is not null && before?.Address != row.Address) args.AddRange(["address", row.Address]);
        if (before is null || before.Deactivated != row.Deactivated) args.AddRange(["deactivated", row.Deactivated ? "1" : "0"]);
        if (row.DeactivationReason is not null && before?.DeactivationReason != row.DeactivationReason) args.AddRange(["deactivation_reason", row.DeactivationReason]);
        // Always: a kept row is never sent with no fields (the script reads zero fields as a delete).
        args.AddRange(["version", row.Version.ToString(CultureInfo.InvariantCulture)]);
        if (before is null || before.UpdatedAt != row.UpdatedAt) args.AddRange(["updated_at", row.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)]);
    }

    /// <summary>The optional fields <paramref name="before"/> had and <paramref name="row"/> has not.</summary>
    public static List<string> Lost(UserRow? before, UserRow row)
    {
        var lost = new List<string>(0);
        if (before is null) return lost;
        if (before.Email is not null && row.Email is null) lost.Add("email");
        if (before.Address is not null && row.Address is null) lost.Add("address");
        if (before.DeactivationReason is not null && row.DeactivationReason is null) lost.Add("deactivation_reason");
        return lost;
    }

    public static UserRow? Read(HashEntry[] entries)
    {
        if (entries.Length == 0) return null;
        string? id = null, name = null, email = null, address = null, reason = null, version = null, updatedAt = null;
        var deactivated = false;
        foreach (var e in entries)
        {
            switch (e.Name.ToString())
            {
                case "id": id = e.Value.ToString(); break;
                case "name": name = e.Value.ToString(); break;
                case "email": email = e.Value.ToString(); break;
                case "address": address = e.Value.ToString(); break;
                case "deactivated": deactivated = e.Value == "1"; break;
                case "deactivation_reason": reason = e.Value.ToString(); break;
                case "version": version = e.Value.ToString(); break;
                case "updated_at": updatedAt = e.Value.ToString(); break;
            }
        }
        return new UserRow(
            id ?? throw Missing("id"),
            name ?? throw Missing("name"),
            email,
            address,
            deactivated,
            reason,
            int.Parse(version ?? throw Missing("version"), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(updatedAt ?? throw Missing("updated_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

        static KeyNotFoundException Missing(string field) => new($"The user row hash has no '{field}' field.");
    }
}
