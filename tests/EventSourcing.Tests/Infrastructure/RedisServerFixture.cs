using LocalRedis;
using StackExchange.Redis;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>
/// A real redis-server for the test run: the one <c>REDIS_CONNECTION</c> names, or a private one
/// started on a free port (with <paramref name="alwaysPrivate"/>, always a private one, for tests
/// that stop and restart it).
/// </summary>
public class RedisServerFixture : IAsyncLifetime
{
    private readonly bool alwaysPrivate;
    private readonly string appendFsync;

    public RedisServerFixture() : this(alwaysPrivate: false) { }

    /// <param name="appendFsync">The private server's AOF policy: "always" for tests that kill -9 Redis and count on every acknowledged write.</param>
    protected RedisServerFixture(bool alwaysPrivate, string appendFsync = "everysec")
    {
        this.alwaysPrivate = alwaysPrivate;
        this.appendFsync = appendFsync;
    }

    public LocalRedisServer? Server { get; private set; }

    public string ConnectionString { get; private set; } = "";

    public ConnectionMultiplexer Multiplexer { get; private set; } = null!;

    public IDatabase Db => Multiplexer.GetDatabase();

    public virtual async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("REDIS_CONNECTION");
        if (!alwaysPrivate && !string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
        }
        else
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), "es-tests", Guid.NewGuid().ToString("N"));
            Server = await LocalRedisServer.StartAsync(new LocalRedisServerOptions { DataDirectory = dataDirectory, AppendFsync = appendFsync });
            ConnectionString = Server.ConnectionString;
        }
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true;
        Multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public virtual async Task DisposeAsync()
    {
        await Multiplexer.DisposeAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
            try { Directory.Delete(Server.DataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
