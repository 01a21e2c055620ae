using System.Globalization;

namespace WriteBench.Workloads;

/// <summary>
/// Stream entries as the provider writes them (docs/wire-format.md): type, snake_case payload, then
/// _version, _event_id (22-char base64url of a v7 GUID, as EntryEncoder.NewEventId), _schema. Used to load long histories and by the raw-script target.
/// </summary>
public static class WireEntry
{
    public static List<KeyValuePair<string, string>> For(string id, int version, CommandKind? kind, string value)
    {
        var (type, field, schema) = kind switch
        {
            null => ("UserCreated", "name", "1"),
            CommandKind.Rename => ("NameChanged", "name", "1"),
            CommandKind.ChangeEmail => ("EmailUpdated", "email", "1"),
            _ => ("AddressUpdated", "new_address", "2"),
        };
        return
        [
            new("type", type),
            new("id", id),
            new(field, value),
            new("_version", version.ToString(CultureInfo.InvariantCulture)),
            new("_event_id", System.Buffers.Text.Base64Url.EncodeToString(Guid.CreateVersion7().ToByteArray(bigEndian: true))),
            new("_schema", schema),
        ];
    }

    /// <summary>The feed's reference to one event, as append.lua writes it: _stream, _id, _version, type.</summary>
    public static StackExchange.Redis.NameValueEntry[] FeedReference(string streamKey, string entryId, List<KeyValuePair<string, string>> fields) =>
    [
        new("_stream", streamKey),
        new("_id", entryId),
        new("_version", fields.First(f => f.Key == "_version").Value),
        new("type", fields.First(f => f.Key == "type").Value),
    ];
}
