using Grains.Users;
using RedisEventSourcing.Projections;

namespace ReadModels.Users;

/// <summary>
/// What one batch of feed events changes in a table of users: each row folded with
/// <see cref="UserRowFold"/> (a row is exactly its user's log, shared emails included), and the
/// changes to the email → user index, as the Redis model keeps it. The users log does not make
/// emails unique across users, so the index takes the log's order: the user who set an email
/// latest (an <see cref="EmailUpdated"/>) holds it; a user who gives it up (changes away, or is
/// cleared) frees it only if it still names that user.
/// </summary>
/// <remarks>
/// The index is not resurrected: when the holder gives an email up while an earlier claimant's row
/// still names it, the entry is removed, and that email finds no one until someone sets it again.
/// </remarks>
public sealed class UserChangeSet
{
    private UserChangeSet(IReadOnlyList<string> deleted, IReadOnlyList<UserRow> upserted, IReadOnlyList<EmailEntry> claims, IReadOnlyList<EmailEntry> releases)
    {
        Deleted = deleted;
        Upserted = upserted;
        Claims = claims;
        Releases = releases;
    }

    /// <summary>Ids of stored rows that the batch removes (their streams were cleared).</summary>
    public IReadOnlyList<string> Deleted { get; }

    /// <summary>Rows that are new or changed, in their state after the batch.</summary>
    public IReadOnlyList<UserRow> Upserted { get; }

    /// <summary>
    /// Per email the batch sets, the user who set it last: a store points the entry at that user,
    /// whoever it named before. One entry per email, in ordinal order of email (one lock order for
    /// every writer).
    /// </summary>
    public IReadOnlyList<EmailEntry> Claims { get; }

    /// <summary>
    /// Emails users gave up after the batch's last claim of them (if any): a store removes each
    /// entry only if it still names that user, after writing <see cref="Claims"/>. Applied in that
    /// order the two lists leave the index as the batch's events one by one would.
    /// </summary>
    public IReadOnlyList<EmailEntry> Releases { get; }

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
        var claims = new Dictionary<string, EmailEntry>(StringComparer.Ordinal);
        // Keyed by email: a claim drops that email's releases in one step (a rebuild's batch holds thousands).
        var releases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
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
            if (before?.Email is { } old && old != after?.Email)
            {
                if (!releases.TryGetValue(old, out var givers)) releases[old] = givers = new HashSet<string>(StringComparer.Ordinal);
                givers.Add(e.AggregateId);
            }

            if (e.Event is EmailUpdated && after?.Email is { } claimed)
            {
                // A claim overrides whatever came before it in the batch, releases included.
                claims[claimed] = new EmailEntry(claimed, e.AggregateId, EmailEntry.PositionOf(e.Reference.StreamEntryId));
                releases.Remove(claimed);
            }
        }

        var ids = changed.Distinct(StringComparer.Ordinal).ToList();
        return new UserChangeSet(
            ids.Where(id => rows[id] is null && stored.ContainsKey(id)).ToList(),
            ids.Select(id => rows[id]).OfType<UserRow>().ToList(),
            claims.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value).ToList(),
            releases.SelectMany(r => r.Value.Select(id => new EmailEntry(r.Key, id)))
                .OrderBy(r => r.Email, StringComparer.Ordinal).ThenBy(r => r.UserId, StringComparer.Ordinal).ToList());
    }
}
