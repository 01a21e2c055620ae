using Grains.Users;
using ReadModels.Users;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.ReadModels;

/// <summary>
/// What a users read model should hold, folded from the log one event at a time: every row by
/// <see cref="UserRowFold"/>, and the email index by its rule written the plain way: an
/// EmailUpdated points the email at its user; a user who gives an email up (changes away, or
/// is cleared) removes the entry only if it still names them.
/// </summary>
public sealed class UserLogFold
{
    private readonly Dictionary<string, UserRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _index = new(StringComparer.Ordinal);

    public UserRow? Row(string id) => _rows.GetValueOrDefault(id);

    public string? Holder(string email) => _index.GetValueOrDefault(email);

    public void Apply(IEnumerable<FeedEvent> events)
    {
        foreach (var e in events)
        {
            var before = Row(e.AggregateId);
            var after = UserRowFold.Apply(before, e);
            if (ReferenceEquals(before, after))
            {
                continue;
            }

            if (after is null) _rows.Remove(e.AggregateId);
            else _rows[e.AggregateId] = after;
            if (before?.Email is { } old && old != after?.Email && Holder(old) == e.AggregateId)
            {
                _index.Remove(old);
            }

            if (e.Event is EmailUpdated updated)
            {
                _index[updated.Email] = e.AggregateId;
            }
        }
    }
}
