using Grains.Users;
using RedisEventSourcing.Projections;

namespace ReadModels.Users;

/// <summary>
/// The one fold every users read model applies, whatever it stores in: the row after an event.
/// A row is never moved backwards: an event at or below the row's version was applied already.
/// </summary>
public static class UserRowFold
{
    /// <returns>The new row; null when the user's stream was cleared (drop the row).</returns>
    public static UserRow? Apply(UserRow? row, FeedEvent e)
    {
        if (e.IsCleared) return null;
        var version = e.Reference.Version;
        if (row is not null && version <= row.Version) return row;
        var at = e.Metadata?.Timestamp ?? DateTimeOffset.UnixEpoch;
        return e.Event switch
        {
            UserCreated c => new UserRow(c.Id, c.Name, null, null, false, null, version, at),
            NameChanged n when row is not null => row with { Name = n.Name, Version = version, UpdatedAt = at },
            EmailUpdated m when row is not null => row with { Email = m.Email, Version = version, UpdatedAt = at },
            AddressUpdated a when row is not null => row with { Address = a.NewAddress, Version = version, UpdatedAt = at },
            UserDeactivated d when row is not null => row with { Deactivated = true, DeactivationReason = d.Reason, Version = version, UpdatedAt = at },
            // An event the read model does not show still moves the row's version.
            _ when row is not null => row with { Version = version, UpdatedAt = at },
            _ => throw new InvalidOperationException($"Event {e.Reference.Type} at version {version} of '{e.Reference.StreamKey}' comes before the user's UserCreated."),
        };
    }
}
