using System.Globalization;
using Grains.Users;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.ReadModels;

/// <summary>
/// The feed events a projection is handed for one partition, as the feed reader resolves them:
/// feed entry ids rise, each user's versions count from 1, every event one second after the last.
/// </summary>
/// <param name="after">Feed entries already in the partition: the first event built comes after them.</param>
public sealed class UserFeed(int partition = 3, int after = 0)
{
    public const long StartMilliseconds = 1_700_000_000_000;

    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private int _sequence = after;

    public int Partition => partition;

    /// <summary>The feed entry id of the last event built: the checkpoint after applying it.</summary>
    public string LastFeedEntryId => FeedEntryId(_sequence);

    /// <summary>Lets a second of server time pass here while another partition's feed moves on.</summary>
    public void Skip() => _sequence++;

    public FeedEvent Created(string id, string name) => Next(id, new UserCreated(id, name));

    public FeedEvent NameChanged(string id, string name) => Next(id, new NameChanged(id, name));

    public FeedEvent EmailUpdated(string id, string email) => Next(id, new EmailUpdated(id, email));

    public FeedEvent AddressUpdated(string id, string address) => Next(id, new AddressUpdated(id, address));

    public FeedEvent Deactivated(string id, string reason) => Next(id, new UserDeactivated(id, reason));

    /// <summary>An event at a version of our choosing, e.g. one that comes before the user's UserCreated.</summary>
    public FeedEvent AtVersion(int version, string id, UserEvent @event)
    {
        _versions[id] = version;
        return Build("user", id, @event, version);
    }

    /// <summary>The <c>_cleared</c> marker: the user's stream is gone, and a new one starts at version 1.</summary>
    public FeedEvent Cleared(string id)
    {
        var version = _versions.GetValueOrDefault(id);
        _versions.Remove(id);
        _sequence++;
        var reference = new FeedReference(partition, FeedEntryId(_sequence), StreamKey("user", id), StreamEntryId(_sequence), version, FeedMarkers.Cleared);
        return new FeedEvent(reference, "user", id, null, null);
    }

    /// <summary>An event of another aggregate category sharing the partition's feed.</summary>
    public FeedEvent OfCategory(string category, string id, object @event) =>
        Build(category, id, @event, _versions[$"{category}:{id}"] = _versions.GetValueOrDefault($"{category}:{id}") + 1);

    /// <summary>When the event of this feed entry was appended (the time its stream entry id carries).</summary>
    public static DateTimeOffset TimeOf(FeedEvent e) => EventMetadata.TimestampOf(e.Reference.StreamEntryId);

    private FeedEvent Next(string id, UserEvent @event) => Build("user", id, @event, _versions[id] = _versions.GetValueOrDefault(id) + 1);

    private FeedEvent Build(string category, string id, object @event, int version)
    {
        _sequence++;
        var entryId = StreamEntryId(_sequence);
        var type = @event.GetType().Name;
        var reference = new FeedReference(partition, FeedEntryId(_sequence), StreamKey(category, id), entryId, version, type);
        var metadata = new EventMetadata(version, entryId, EventMetadata.TimestampOf(entryId), Guid.NewGuid().ToString("N"), 1, null, null, null, "tests");
        return new FeedEvent(reference, category, id, @event, metadata);
    }

    private string StreamKey(string category, string id) => $"es:{{p{partition:D2}}}:{category}:{id}";

    private static string FeedEntryId(int sequence) => $"{StartMilliseconds}-{sequence.ToString(CultureInfo.InvariantCulture)}";

    private static string StreamEntryId(int sequence) => $"{(StartMilliseconds + (sequence * 1000L)).ToString(CultureInfo.InvariantCulture)}-0";
}
