using System.Globalization;
using Grains.Users;

namespace ReadBench;

/// <summary>
/// The histories the rebuild part loads: <see cref="Users"/> users of <see cref="EventsPerUser"/>
/// events each, the same for our store and for Marten. Each user is created (UserCreated, then
/// EmailUpdated, as <c>IUserGrain.Create(name, email)</c> writes), then renamed, moved and given new
/// emails in turn (always new values, as a command that changes nothing writes no event), and one
/// user in ten ends deactivated. Every value is unique, so no two users ever claim one email.
/// </summary>
public sealed class UserHistories(int users, int eventsPerUser)
{
    public int Users { get; } = users;

    public int EventsPerUser { get; } = eventsPerUser;

    public long TotalEvents => (long)Users * EventsPerUser;

    public static string UserId(int user) => "rb" + user.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Event number <paramref name="version"/> (1-based) of user <paramref name="user"/>.</summary>
    public UserEvent Event(int user, int version)
    {
        var id = UserId(user);
        if (version == 1) return new UserCreated(id, $"User {user}");
        if (version == 2) return new EmailUpdated(id, $"user{user}@example.com");
        if (version == EventsPerUser && user % 10 == 0) return new UserDeactivated(id, "closed by the benchmark");
        return (version % 3) switch
        {
            0 => new NameChanged(id, $"User {user} v{version}"),
            1 => new AddressUpdated(id, $"{version} Main Street, Springfield {user}"),
            _ => new EmailUpdated(id, $"user{user}.v{version}@example.com"),
        };
    }

    /// <summary>What every read model must hold for a user after the rebuild (for the check after each build).</summary>
    public (string Name, bool Deactivated) Final(int user)
    {
        string? name = null;
        var deactivated = false;
        for (var v = 1; v <= EventsPerUser; v++)
        {
            switch (Event(user, v))
            {
                case UserCreated c: name = c.Name; break;
                case NameChanged n: name = n.Name; break;
                case UserDeactivated: deactivated = true; break;
            }
        }
        return (name!, deactivated);
    }
}
