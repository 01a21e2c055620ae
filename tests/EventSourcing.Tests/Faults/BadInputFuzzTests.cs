using CsCheck;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Projections;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Hosting;
using RedisEventSourcing;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.DeadLetters;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// Thousands of random commands and ids, and raw entries another program might XADD into users'
/// streams (unknown types, missing or wrong fields, huge values, binary junk). Nothing crashes;
/// every refusal is a typed, one-line error; a grain either holds the fold of its log or refuses
/// to activate naming the stream and entry; the read side parks what it cannot apply as dead
/// letters and goes on.
/// </summary>
[Collection(ReadSideCollection.Name)]
public sealed class BadInputFuzzTests(ReadSideClusterFixture fixture, ITestOutputHelper output)
{
    private const int PoolSize = 6;

    private static readonly Gen<string> AnyText = Gen.OneOf(
        Gen.Char.Array[0, 40].Select(c => new string(c)),
        Gen.Char['a', 'z'].Array[1, 30].Select(c => new string(c)),
        Gen.Char['\0', '\u001f'].Array[1, 4].Select(c => "x" + new string(c)),
        Gen.Int[150, 80_000].Select(n => new string('w', n)),
        Gen.OneOf(Gen.Const(""), Gen.Const("  "), Gen.Const("{p03}:user:x"), Gen.Const("a\nb"), Gen.Const("\ud800"), Gen.Const("é🙂")),
        Gen.Char['a', 'z'].Array[1, 12].Select(c => new string(c) + "@example.com"));

    /// <summary>One command: which (0..8), on which pool user or (null) a raw id of its own, with which text and number.</summary>
    private static readonly Gen<(int Op, int User, string? RawId, string Text, int Number)> Command = Gen.Select(
        Gen.Int[0, 8], Gen.Int[0, PoolSize - 1], Gen.Frequency((9, Gen.Const((string?)null)), (1, AnyText.Select(s => (string?)s))), AnyText, Gen.Int[-3, 40]);

    [Fact]
    public async Task random_commands_and_ids_get_a_result_or_a_clear_refusal_and_every_grain_holds_the_fold_of_its_log()
    {
        var commands = 0;
        await Command.Array[40, 60].SampleAsync(async batch =>
        {
            var pool = Enumerable.Range(0, PoolSize).Select(i => UserIds.New($"fuzz{i}")).ToArray();
            foreach (var (op, user, rawId, text, number) in batch)
            {
                commands++;
                IUserGrain grain;
                try
                {
                    grain = fixture.Grains.GetGrain<IUserGrain>(rawId ?? pool[user]);
                }
                catch (ArgumentException e)
                {
                    // Orleans itself takes no empty or blank key; users-cli and the HTTP API refuse those before.
                    AssertClear(e);
                    continue;
                }
                try
                {
                    await RunAsync(grain, op, text, number);
                }
                catch (UserCommandException e)
                {
                    AssertClear(e);
                }
            }
            foreach (var id in pool)
            {
                var expected = await FoldAsync(id);
                var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
                Assert.Equal(expected, (state.Name, state.Email, state.Address, state.Deactivated, state.Version));
            }
        }, iter: 100, threads: 1, print: batch => string.Join("; ", batch.Select(c => $"{c.Op}/{c.User}/{c.RawId?.Length}/{c.Text.Length}/{c.Number}")));
        output.WriteLine($"{commands} random commands");
        Assert.True(commands >= 4000, $"{commands} commands");
    }

    [Fact]
    public async Task raw_junk_entries_make_grains_hold_the_fold_or_refuse_naming_the_entry_and_the_read_side_dead_letters_them()
    {
        var refused = new List<string>();
        var folded = 0;
        await Gen.Select(JunkEntries, Gen.Bool).SampleAsync(async (entries, wellFormed) =>
        {
            var id = UserIds.New("junk");
            var key = RawLog.UserStreamKey(id);
            await fixture.Grains.GetGrain<IUserGrain>(id).Create("Junk Target", $"{id}@example.com");
            var ids = new List<string>();
            // Some samples write what the contract allows another program to write: it must be folded, not refused.
            if (wellFormed) entries = [[new("type", "NameChanged"), new("id", id), new("name", "From Elsewhere"), new("_version", 3)]];
            foreach (var fields in entries) ids.Add((string)(await fixture.Db.StreamAddAsync(key, fields))!);
            await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

            try
            {
                var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
                Assert.Equal(await FoldAsync(id), (state.Name, state.Email, state.Address, state.Deactivated, state.Version));
                folded++;
            }
            catch (EventStreamCorruptException e)
            {
                AssertClear(e);
                Assert.Equal(key, e.StreamKey);
                Assert.Contains(e.EntryId, ids);
                Assert.Contains(e.EntryId, e.Message);
                refused.Add(key);
                // Writes are refused the same way: nothing is appended on top of a log the grain cannot read.
                var write = await Assert.ThrowsAsync<EventStreamCorruptException>(() => fixture.Grains.GetGrain<IUserGrain>(id).Rename("Over Junk"));
                Assert.Equal(e.EntryId, write.EntryId);
            }
        }, iter: 300, threads: 1);
        output.WriteLine($"{folded} streams folded, {refused.Count} refused");
        Assert.NotEmpty(refused);
        Assert.True(folded > 0, "no sample was folded");

        // The read side: repair-feed puts the foreign entries in the feeds; what a model cannot apply is parked, the rest goes on.
        var admin = fixture.Grains.GetGrain<IProjectionAdminGrain>(0);
        foreach (var partition in refused.Select(k => int.Parse(k[5..7], System.Globalization.CultureInfo.InvariantCulture)).Distinct())
            await admin.RepairFeed(partition);
        var deadLetters = new DeadLetterStore(fixture.Multiplexer, "es");
        var copy = await fixture.LiveCopyAsync(UserReadModelsServiceCollectionExtensions.RedisModelName);
        await Eventually.TrueAsync(async () =>
        {
            var parked = (await deadLetters.ListAsync(copy, 100_000)).Select(d => d.Reference.StreamKey).ToHashSet();
            return refused.All(parked.Contains);
        }, TimeSpan.FromSeconds(60), "a dead letter for every stream a grain refused");
        foreach (var dead in (await deadLetters.ListAsync(copy, 100_000)).Where(d => refused.Contains(d.Reference.StreamKey)))
            Assert.False(string.IsNullOrWhiteSpace(dead.Reason));
        var after = UserIds.New("after-junk");
        var created = await fixture.Grains.GetGrain<IUserGrain>(after).Create("After Junk");
        await Eventually.TrueAsync(async () => (await fixture.Grains.GetGrain<IUserQueryGrain>(0).Get(after, 1, waitMs: 0)).User?.Name == created.Name,
            TimeSpan.FromSeconds(30), "the read side going on after the junk");
    }

    /// <summary>1 to 4 entries, each 1 to 6 fields: names from the contract and not, values well-formed, wrong, huge or binary.</summary>
    private static readonly Gen<NameValueEntry[][]> JunkEntries = Gen.Select(
        Gen.OneOf(Gen.Const("type"), Gen.Const("_version"), Gen.Const("id"), Gen.Const("name"), Gen.Const("email"), Gen.Const("new_address"), Gen.Const("_event_id"),
            Gen.Char['a', 'z'].Array[1, 8].Select(c => new string(c))),
        Gen.OneOf(
            Gen.OneOf(Gen.Const("UserCreated"), Gen.Const("NameChanged"), Gen.Const("EmailUpdated"), Gen.Const("UserTeleported"), Gen.Const("")).Select(s => (RedisValue)s),
            Gen.Int[-2, 6].Select(i => (RedisValue)i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            AnyText.Select(s => (RedisValue)s),
            Gen.Int[1, 300_000].Select(n => (RedisValue)new string('h', n)),
            Gen.Byte.Array[1, 64].Select(b => (RedisValue)b)),
        (name, value) => new NameValueEntry(name, value)).Array[1, 6].Array[1, 4];

    private static async Task RunAsync(IUserGrain grain, int op, string text, int number)
    {
        switch (op)
        {
            case 0: await grain.Create(text, number % 2 == 0 ? text : null, number % 3 == 0 ? text : null); break;
            case 1: await grain.Rename(text); break;
            case 2: await grain.ChangeEmail(text); break;
            case 3: await grain.ChangeAddress(text); break;
            case 4: await grain.Deactivate(text); break;
            case 5: await grain.GetHistory(number, number * 30); break;
            case 6: await grain.GetStateAtVersion(number); break;
            case 7: await grain.Create("Named", $"{text.Length}@example.com"); break;
            default: await grain.GetState(); break;
        }
    }

    /// <summary>A refusal a person can read: a message, on one line.</summary>
    private static void AssertClear(Exception e)
    {
        Assert.False(string.IsNullOrWhiteSpace(e.Message), e.GetType().Name);
        Assert.True(e.Message.Length < 2000, $"{e.GetType().Name} message of {e.Message.Length} chars");
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>The user as the documented fold of the raw log computes it (what a Python client would).</summary>
    private async Task<(string?, string?, string?, bool, int)> FoldAsync(string id)
    {
        (string? Name, string? Email, string? Address, bool Deactivated, int Version) s = (null, null, null, false, 0);
        foreach (var e in await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)))
        {
            switch (e["type"])
            {
                case "UserCreated" or "NameChanged": s.Name = e["name"]; break;
                case "EmailUpdated": s.Email = e["email"]; break;
                case "AddressUpdated": s.Address = e["new_address"]; break;
                case "UserDeactivated": s.Deactivated = true; break;
            }
            s.Version = int.Parse(e["_version"], System.Globalization.CultureInfo.InvariantCulture);
        }
        return s;
    }
}
