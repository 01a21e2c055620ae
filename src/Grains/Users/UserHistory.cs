using Grains.Interfaces;
using RedisEventSourcing.Serialization;

namespace Grains.Users;

internal static class UserHistory
{
    public static UserHistoryEntry Entry(RecordedEvent e)
    {
        var m = e.Metadata;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["schema"] = m.Schema.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (m.EventId is not null) metadata["event_id"] = m.EventId;
        if (m.CommandId is not null) metadata["command_id"] = m.CommandId;
        if (m.CorrelationId is not null) metadata["correlation_id"] = m.CorrelationId;
        if (m.CausationId is not null) metadata["causation_id"] = m.CausationId;
        if (m.Actor is not null) metadata["actor"] = m.Actor;
        // Only for commands that were traced: the way from an event in the history to its trace.
        if (m.TraceParent is not null) metadata["traceparent"] = m.TraceParent;
        return new UserHistoryEntry(m.Version, m.EntryId, m.Timestamp, e.Type, new Dictionary<string, string>(e.Payload), metadata);
    }
}
