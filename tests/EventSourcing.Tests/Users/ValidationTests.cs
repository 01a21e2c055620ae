using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ValidationTests(ClusterFixture fixture)
{
    public static TheoryData<string> BadIds => new()
    {
        new string('x', 129), new string('x', 10 * 1024), "tab\there", "nul\0id", "line\nbreak", "crlf\r\nXADD es:{p00}:feed * type X",
        // A lone surrogate is U+FFFD once UTF-8 encoded (so it would share a stream), and U+FFFD is what invalid UTF-8 decodes to.
        "lone\uD800surrogate", "replacement\uFFFDchar",
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task an_invalid_user_id_is_refused_and_appends_nothing(string id)
    {
        var error = await Assert.ThrowsAsync<UserCommandException>(() => fixture.Grains.GetGrain<IUserGrain>(id).Create("Name"));

        Assert.Equal(UserErrorCode.InvalidUserId, error.Code);
        Assert.False(await fixture.Db.KeyExistsAsync(RawLog.UserStreamKey(id)));
    }

    [Fact]
    public void an_empty_user_id_is_refused_before_any_call()
    {
        Assert.Throws<ArgumentException>(() => fixture.Grains.GetGrain<IUserGrain>(""));
    }

    [Fact]
    public async Task ids_of_one_and_of_128_characters_with_braces_and_unicode_are_accepted()
    {
        foreach (var id in new[] { new string('y', 120) + Guid.NewGuid().ToString("N")[..8], "{p01}:ü-" + Guid.NewGuid().ToString("N") })
        {
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).Create("Name");
            Assert.Equal(id, state.Id);
            Assert.True(await fixture.Db.KeyExistsAsync(RawLog.UserStreamKey(id)));
        }

        // A one-character id may exist from an earlier run on a shared Redis: either outcome shows it was accepted.
        var one = fixture.Grains.GetGrain<IUserGrain>("a");
        try { await one.Create("Name"); }
        catch (UserCommandException e) when (e.Code == UserErrorCode.UserAlreadyExists) { }
        Assert.True((await one.GetState()).Exists);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0007name")]
    public async Task an_invalid_name_is_refused(string name)
    {
        var error = await Assert.ThrowsAsync<UserCommandException>(() => fixture.Grains.GetGrain<IUserGrain>(UserIds.New("name")).Create(name));
        Assert.Equal(UserErrorCode.InvalidName, error.Code);
    }

    [Fact]
    public async Task names_are_limited_to_200_characters()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("long"));
        var error = await Assert.ThrowsAsync<UserCommandException>(() => user.Create(new string('n', 201)));
        Assert.Equal(UserErrorCode.InvalidName, error.Code);
        Assert.Equal(200, (await user.Create(new string('n', 200))).Name!.Length);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    [InlineData("spaces in@example.com")]
    [InlineData("Name <x@example.com>")]
    public async Task an_invalid_email_is_refused_on_create_and_on_change(string email)
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("email"));
        var onCreate = await Assert.ThrowsAsync<UserCommandException>(() => user.Create("Ivy", email));
        await user.Create("Ivy");
        var onChange = await Assert.ThrowsAsync<UserCommandException>(() => user.ChangeEmail(email));

        Assert.Equal(UserErrorCode.InvalidEmail, onCreate.Code);
        Assert.Equal(UserErrorCode.InvalidEmail, onChange.Code);
        Assert.Equal(1, (await user.GetState()).Version);
    }

    [Fact]
    public async Task addresses_are_limited_to_500_characters_and_must_not_be_empty()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("addr"));
        await user.Create("Jay");

        Assert.Equal(UserErrorCode.InvalidAddress, (await Assert.ThrowsAsync<UserCommandException>(() => user.ChangeAddress(new string('a', 501)))).Code);
        Assert.Equal(UserErrorCode.InvalidAddress, (await Assert.ThrowsAsync<UserCommandException>(() => user.ChangeAddress(" "))).Code);
        Assert.Equal(500, (await user.ChangeAddress(new string('a', 500))).Address!.Length);
    }

    [Fact]
    public async Task commands_on_a_missing_user_are_refused()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("missing"));

        foreach (var command in new Func<Task>[] { () => user.Rename("X"), () => user.ChangeEmail("x@example.com"), () => user.ChangeAddress("x"), () => user.Deactivate("x") })
            Assert.Equal(UserErrorCode.UserNotFound, (await Assert.ThrowsAsync<UserCommandException>(command)).Code);
        Assert.Equal(0, (await user.GetState()).Version);
    }

    [Fact]
    public async Task creating_twice_is_refused()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("twice"));
        await user.Create("Kim");

        var error = await Assert.ThrowsAsync<UserCommandException>(() => user.Create("Kim"));

        Assert.Equal(UserErrorCode.UserAlreadyExists, error.Code);
        Assert.Equal(1, (await user.GetState()).Version);
    }

    [Fact]
    public async Task a_deactivated_user_accepts_no_more_commands()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("deact"));
        await user.Create("Lee");
        await user.Deactivate("gone");

        foreach (var command in new Func<Task>[] { () => user.Rename("X"), () => user.ChangeEmail("x@example.com"), () => user.ChangeAddress("x"), () => user.Deactivate("again") })
            Assert.Equal(UserErrorCode.UserDeactivated, (await Assert.ThrowsAsync<UserCommandException>(command)).Code);
        Assert.Equal(2, (await user.GetState()).Version);
    }

    [Fact]
    public async Task a_change_to_the_current_value_appends_nothing()
    {
        var id = UserIds.New("same");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Max", "max@example.com");
        await user.ChangeAddress("5 Elm St");

        await user.Rename("Max");
        await user.ChangeEmail("max@example.com");
        await user.ChangeAddress("5 Elm St");

        Assert.Equal(3, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }

    [Fact]
    public async Task an_empty_deactivation_reason_is_refused()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(UserIds.New("reason"));
        await user.Create("Ned");
        Assert.Equal(UserErrorCode.InvalidReason, (await Assert.ThrowsAsync<UserCommandException>(() => user.Deactivate(""))).Code);
    }
}
