using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ReplayTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_new_activation_rebuilds_the_same_state_by_replaying_the_stream()
    {
        var id = UserIds.New("replay");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Erin", "erin@example.com");
        await user.Rename("Erin B");
        await user.ChangeAddress("3 Hill Rd\nFlat 2");
        await user.Deactivate("requested");
        var before = await user.GetState();

        await fixture.DeactivateAllAsync();
        var after = await user.GetState();

        Assert.Equal(before, after);
        Assert.Equal(5, after.Version);
        Assert.True(after.Deactivated);
    }

    [Fact]
    public async Task a_user_that_was_never_created_reads_as_absent_at_version_zero()
    {
        var state = await fixture.Grains.GetGrain<IUserGrain>(UserIds.New("absent")).GetState();

        Assert.False(state.Exists);
        Assert.Equal(0, state.Version);
    }
}
