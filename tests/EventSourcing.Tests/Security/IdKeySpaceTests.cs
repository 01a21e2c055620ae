using System.Diagnostics;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Security;

/// <summary>
/// Ids that look like keys, patterns or commands either land exactly in their user's own stream
/// (<c>es:{pNN}:user:&lt;id&gt;</c>: the first <c>{...}</c> is ours, so braces in the id are inert), or
/// are refused with a clear error; through the grain, users-cli and the HTTP API.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IdKeySpaceTests(ClusterFixture fixture)
{
    public static TheoryData<string> KeyLikeIds => new()
    {
        "{p03}:feed", "}{p00}", "x:{p00}:user:alice", "es:meta", "es:projections:users:catalog", "*?[glob]\\", "with space", "é{ü}",
    };

    [Theory]
    [MemberData(nameof(KeyLikeIds))]
    public async Task an_id_that_looks_like_a_key_lands_only_in_its_own_stream(string idStart)
    {
        var id = idStart + Guid.NewGuid().ToString("N")[..8];
        var feedKey = RawLog.FeedKey(id);
        var feedBefore = await fixture.Db.StreamLengthAsync(feedKey);

        var state = await fixture.Grains.GetGrain<IUserGrain>(id).Create("Key Like");

        Assert.Equal(id, state.Id);
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        var created = Assert.Single(entries);
        Assert.Equal(id, created["id"]);
        // Its partition's feed got one reference, to this stream: nothing was written under a key the id spells.
        var feedEntries = await fixture.Db.StreamRangeAsync(feedKey, "-", "+");
        Assert.Equal(feedBefore + 1, feedEntries.Length);
        Assert.Contains(feedEntries, e => e["_stream"] == RawLog.UserStreamKey(id));
    }

    [Fact]
    public async Task the_cli_creates_a_user_whose_id_has_braces_and_colons_in_its_own_stream()
    {
        var id = "{p01}:cli:" + Guid.NewGuid().ToString("N")[..8];

        var (exitCode, _, stderr) = await CliProcess.RunAsync(fixture.Cluster, "users", "create", id, "--name", "Braces");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(id, Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)))["id"]);
    }

    [Fact]
    public async Task the_cli_refuses_an_id_of_invalid_utf8_with_a_clear_error()
    {
        // Only a shell can hand a process an argument that is not UTF-8: .NET strings cannot hold such bytes.
        var gateway = fixture.Cluster.Primary!.GatewayAddress!.Endpoint.Port;
        var start = new ProcessStartInfo("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"$0\" users create \"$(printf 'bad\\377\\376id')\" --name X --gateway 127.0.0.1:{gateway} "
            + $"--cluster-id {fixture.Cluster.Options.ClusterId} --service-id {fixture.Cluster.Options.ServiceId}");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "users-cli.dll"));

        var (exitCode, _, stderr) = await CliProcess.RunAsync(start);

        Assert.Equal(2, exitCode);
        Assert.Contains("valid Unicode", stderr);
    }

    [Theory]
    [InlineData("line\nbreak", "control characters")]
    [InlineData(null, "1 to 128 characters")]
    public async Task the_cli_refuses_an_id_with_a_newline_or_of_10_kb(string? id, string why)
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync(fixture.Cluster, "users", "create", id ?? new string('k', 10 * 1024), "--name", "X");

        Assert.Equal(2, exitCode);
        Assert.Contains(why, stderr);
    }
}
