using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class TimeTravelTests(ClusterFixture fixture)
{
    [Fact]
    public async Task the_state_at_every_version_equals_a_fold_of_the_first_v_raw_entries()
    {
        var (id, user) = await UserWith50Events();
        var raw = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));

        for (var v = 0; v <= 50; v++)
        {
            var expected = Fold(id, raw.Take(v));
            Assert.Equal(expected with { Version = v }, await user.GetStateAtVersion(v));
        }
    }

    [Fact]
    public async Task the_state_as_of_an_instant_holds_every_event_appended_at_or_before_it()
    {
        var (id, user) = await UserWith50Events();
        var raw = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        var times = raw.Select(e => long.Parse(e["@id"].Split('-')[0])).ToList();

        foreach (var ms in times.Distinct().SelectMany(t => new[] { t - 1, t }))
        {
            var included = raw.Where((_, i) => times[i] <= ms).ToList();
            var asOf = await user.GetStateAsOf(DateTimeOffset.FromUnixTimeMilliseconds(ms));
            Assert.Equal(Fold(id, included) with { Version = included.Count }, asOf);
        }

        var beforeCreation = await user.GetStateAsOf(DateTimeOffset.FromUnixTimeMilliseconds(times[0] - 1000));
        Assert.False(beforeCreation.Exists);
        Assert.Equal(0, beforeCreation.Version);
        Assert.Equal(50, (await user.GetStateAsOf(DateTimeOffset.UtcNow.AddDays(1))).Version);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(51)]
    public async Task a_version_that_does_not_exist_is_refused_rather_than_answered_wrongly(int version)
    {
        var (_, user) = await UserWith50Events();
        var error = await Assert.ThrowsAsync<UserCommandException>(() => user.GetStateAtVersion(version));
        Assert.Equal(UserErrorCode.InvalidVersion, error.Code);
        Assert.Contains("0 to 50", error.Message);
    }

    /// <summary>The seed's fold, extended to every documented event type.</summary>
    private static UserView Fold(string id, IEnumerable<Dictionary<string, string>> entries)
    {
        var view = new UserView(id, null, null, null, false, false, null, 0);
        foreach (var e in entries)
        {
            view = e["type"] switch
            {
                "UserCreated" => view with { Name = e["name"], Exists = true },
                "NameChanged" => view with { Name = e["name"] },
                "EmailUpdated" => view with { Email = e["email"] },
                "AddressUpdated" => view with { Address = e["new_address"] },
                "UserDeactivated" => view with { Deactivated = true, DeactivationReason = e["reason"] },
                _ => throw new InvalidOperationException(e["type"]),
            };
        }
        return view;
    }

    private async Task<(string, IUserGrain)> UserWith50Events()
    {
        var id = UserIds.New("travel");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Xena", "x1@example.com");
        for (var i = 3; i <= 49; i++)
        {
            if (i % 3 == 0) await user.ChangeEmail($"x{i}@example.com");
            else if (i % 3 == 1) await user.Rename($"Xena {i}");
            else await user.ChangeAddress($"{i} Time St");
        }
        await user.Deactivate("end of the story");
        return (id, user);
    }
}
