using RedisEventSourcing.Projections;

namespace ReadModels.Users;

/// <summary>
/// What one batch of feed events changes in a table of users: each row folded with
/// <see cref="UserRowFold"/>, plus the one rule a table adds, that an email belongs to one user.
/// The log decides who holds it: the later claim wins, and the user it was taken from keeps no email
/// (its stream may still name it; the claim that came later is what the table shows).
/// </summary>
public sealed class UserChangeSet
{
    private UserChangeSet(IReadOnlyList<string> deleted, IReadOnlyList<UserRow> upserted, IReadOnlyList<string> claimedEmails)
    {
        Deleted = deleted;
        Upserted = upserted;
        ClaimedEmails = claimedEmails;
    }

    /// <summary>Ids of stored rows that the batch removes (their streams were cleared).</summary>
    public IReadOnlyList<string> Deleted { get; }

    /// <summary>Rows that are new or changed, in their state after the batch; no two hold one email.</summary>
    public IReadOnlyList<UserRow> Upserted { get; }

    /// <summary>
    /// Emails that <see cref="Upserted"/> rows hold after the batch and did not hold before. A store
    /// clears them from every row first (stored rows of this batch and users it does not touch
    /// alike), then writes <see cref="Upserted"/>: no order of writes then meets the unique index
    /// half-way, whatever the batch swapped.
    /// </summary>
    public IReadOnlyList<string> ClaimedEmails { get; }

    public bool IsEmpty => Deleted.Count == 0 && Upserted.Count == 0;

    /// <summary>The users the batch's events of <paramref name="category"/> touch: the rows to load before <see cref="Fold"/>.</summary>
    public static IReadOnlyList<string> TouchedIds(IEnumerable<FeedEvent> events, string category) =>
        events.Where(e => e.Category == category).Select(e => e.AggregateId).Distinct(StringComparer.Ordinal).ToList();

    /// <param name="stored">The stored rows of <see cref="TouchedIds"/> (absent ones missing).</param>
    /// <exception cref="InvalidOperationException">An event cannot be folded (it precedes the user's UserCreated).</exception>
    public static UserChangeSet Fold(IReadOnlyDictionary<string, UserRow> stored, IEnumerable<FeedEvent> events, string category)
    {
        var rows = stored.ToDictionary(r => r.Key, r => (UserRow?)r.Value, StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var e in events.Where(e => e.Category == category))
        {
            var before = rows.GetValueOrDefault(e.AggregateId);
            var after = UserRowFold.Apply(before, e);
            if (ReferenceEquals(after, before))
            {
                continue; // applied already (a redelivery), or a clear of a user never seen
            }

            rows[e.AggregateId] = after;
            changed.Add(e.AggregateId);
            if (after?.Email is { } email && email != before?.Email)
            {
                TakeEmailFromOthers(rows, changed, e.AggregateId, email);
            }
        }

        var ids = changed.Distinct(StringComparer.Ordinal).ToList();
        var upserted = ids.Select(id => rows[id]).OfType<UserRow>().ToList();
        return new UserChangeSet(
            ids.Where(id => rows[id] is null && stored.ContainsKey(id)).ToList(),
            upserted,
            upserted.Where(r => r.Email is not null && r.Email != stored.GetValueOrDefault(r.Id)?.Email).Select(r => r.Email!).ToList());
    }

    private static void TakeEmailFromOthers(Dictionary<string, UserRow?> rows, List<string> changed, string claimant, string email)
    {
        foreach (var (id, row) in rows.ToList())
        {
            if (id != claimant && row?.Email == email)
            {
                rows[id] = row with { Email = null };
                changed.Add(id);
            }
        }
    }
}
