using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using Microsoft.Extensions.Logging;
using RedisEventSourcing;

namespace EventSourcing.Tests.Logs;

/// <summary>Log lines carry their facts as structured values, and no line quotes the Redis password.</summary>
public sealed class StructuredLogTests(LogCaptureFixture fixture) : IClassFixture<LogCaptureFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_commands_log_line_carries_the_user_id_version_command_id_and_correlation_id_as_structured_values()
    {
        var id = UserIds.New("log-state");
        var correlationId = $"corr-{Guid.NewGuid():N}";

        await WithMetadataAsync("create-1", correlationId, () => fixture.Grains.GetGrain<IUserGrain>(id).Create("Logged Lou"));
        await WithMetadataAsync("rename-1", correlationId, () => fixture.Grains.GetGrain<IUserGrain>(id).Rename("Logged Lou L"));

        var lines = fixture.Logs.Logs.Where(l => l.EventName == "Applied" && Equals(l.State.GetValueOrDefault("UserId"), id)).ToList();
        Assert.Equal(2, lines.Count);
        var rename = Assert.Single(lines, l => Equals(l.State["Command"], "Rename"));
        Assert.Equal(2, rename.State["Version"]);
        Assert.Equal("rename-1", rename.State["CommandId"]);
        Assert.Equal(correlationId, rename.State["CorrelationId"]);
        Assert.Equal(LogLevel.Debug, rename.Level);
        Assert.Equal(typeof(Grains.Users.UserGrain).FullName, rename.Category);
        // The rendered line says the same, without the payload.
        Assert.Contains(id, rename.Message);
        Assert.Contains(correlationId, rename.Message);
        Assert.DoesNotContain("Logged Lou", rename.Message);
    }

    [Fact]
    public async Task no_log_line_of_a_redis_outage_quotes_the_connection_strings_password()
    {
        var id = UserIds.New("log-outage");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Outage Olga");
        var before = fixture.Logs.Logs.Count;

        await fixture.Redis.StopAsync();
        try
        {
            // An append and a cold read: each fails, and the provider and the grain log it.
            await Assert.ThrowsAnyAsync<EventStoreException>(() => fixture.Grains.GetGrain<IUserGrain>(id).Rename("Outage Olga O"));
            await Assert.ThrowsAnyAsync<EventStoreException>(() => fixture.Grains.GetGrain<IUserGrain>(UserIds.New("log-cold")).GetState());
        }
        finally
        {
            await fixture.Redis.RestartAsync();
        }
        await Eventually.SucceedsAsync(() => fixture.Grains.GetGrain<IUserGrain>(id).Rename("Outage Olga O"), Deadline, "a command once Redis is back");

        var outage = fixture.Logs.Logs.Skip(before).ToList();
        Assert.Contains(outage, l => l.Level >= LogLevel.Warning && l.Category.StartsWith("RedisEventSourcing", StringComparison.Ordinal));
        Assert.Contains(outage, l => l.EventName == "StoreFailed" && Equals(l.State["UserId"], id));
        Assert.DoesNotContain(fixture.Logs.Logs, l => l.AllText.Contains(fixture.Password, StringComparison.Ordinal));
    }

    private static async Task WithMetadataAsync(string commandId, string correlationId, Func<Task> call)
    {
        CommandMetadata.Set(commandId: commandId, correlationId: correlationId);
        try
        {
            await call();
        }
        finally
        {
            CommandMetadata.Set();
        }
    }
}
