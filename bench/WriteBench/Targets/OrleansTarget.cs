using Grains.Interfaces;
using StackExchange.Redis;
using WriteBench.Grains;
using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// A silo in its own process over a fresh redis-server, the client in this process. Mode "ours" is
/// the production registration (SiloConfiguration.AddUserEventStore); "ours-telemetry" is the same
/// plus the silo's OpenTelemetry setup (SiloTelemetry) exporting metrics and traces over OTLP to an
/// <see cref="OtlpSink"/> in this process; "logstorage"/"statestorage" are Orleans' built-in
/// providers over Orleans' Redis grain storage. Commands go to the bench copy of the user logic
/// (<see cref="BenchUserGrain"/>) in every mode, so the providers are compared under one grain;
/// <paramref name="productGrain"/> sends ours' commands to the real UserGrain instead (full
/// validation, a UserView reply), to report what the product's own grain logic costs beside it.
/// </summary>
public sealed class OrleansTarget(string mode, string siloDll, StreamNodeSettings streamNodes, bool readsOnly = false, IReadOnlyList<string>? siloArguments = null, bool productGrain = false) : ICommandTarget
{
    private RedisStore? _redis;
    private SiloProcess? _silo;
    private OrleansClient? _client;
    private OtlpSink? _sink;

    private bool IsOurs => mode is "ours" or "ours-telemetry";

    private RedisStore Redis => _redis!;

    private IClusterClient Client => _client!.Client;

    public async Task StartAsync(Scenario scenario, Durability durability)
    {
        _redis = await RedisStore.StartAsync(durability.RedisFsync(), appendOnly: true, streamNodes);
        string[]? telemetry = null;
        if (mode == "ours-telemetry")
        {
            _sink = OtlpSink.Start();
            // The production defaults (parent-based, always-on sampling) with OTLP over HTTP; no Prometheus reader.
            telemetry = ["--Telemetry:Otlp:Endpoint", _sink.Endpoint, "--Telemetry:Otlp:Protocol", "http/protobuf", "--Telemetry:Prometheus:Enabled", "false"];
        }
        _silo = await SiloProcess.StartAsync(siloDll, mode, _redis.ConnectionString, [.. telemetry ?? [], .. siloArguments ?? []]);
        _client = await OrleansClient.ConnectAsync(_silo.GatewayPort);
    }

    public async Task<int> CreateUserAsync(string id, int user)
    {
        if (IsOurs && productGrain)
        {
            var before = (await Client.GetGrain<IUserGrain>(id).Create(Command.InitialName(user), Command.InitialEmail(user))).Version;
            return before;
        }
        return await Bench(id).Create(Command.InitialName(user), Command.InitialEmail(user));
    }

    public async Task SeedAsync(IReadOnlyList<string> ids, int eventsPerUser)
    {
        if (IsOurs)
        {
            // Valid entries of the wire contract, pipelined, to the stream and its feed (as the script writes them).
            var db = Redis.Database;
            var seedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var id in ids)
            {
                var pending = new List<Task>(eventsPerUser * 2);
                for (var v = 1; v <= eventsPerUser; v++)
                {
                    var fields = WireEntry.For(id, v, v == 1 ? null : CommandKind.Rename, $"Seed name {v}");
                    var entries = fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray();
                    // Explicit ids ("<seed ms>-<version>") let the feed reference each entry without waiting for XADD's reply.
                    var entryId = $"{seedMs}-{v}";
                    pending.Add(db.StreamAddAsync(StreamKeys.Stream(id), entries, entryId));
                    pending.Add(db.StreamAddAsync(StreamKeys.FeedOf(id), WireEntry.FeedReference(StreamKeys.Stream(id), entryId, fields)));
                }
                await Task.WhenAll(pending);
            }
            return;
        }
        // The grain API in one confirmation per user: one storage write of the whole history.
        await Callers.RunAsync(0, ids.Count, 8, async (i, _) => await Bench(ids[i]).Seed("Seed name", eventsPerUser));
    }

    public async Task<int> ExecuteAsync(Command command, int caller)
    {
        if (readsOnly)
        {
            // The Orleans round trip alone (client → silo → grain → client), no store: the ceiling for any provider.
            await Client.GetGrain<IUserGrain>(command.UserId).GetState();
            return 0;
        }
        if (IsOurs && productGrain)
        {
            var grain = Client.GetGrain<IUserGrain>(command.UserId);
            _ = command.Kind switch
            {
                CommandKind.Rename => await grain.Rename(command.Value),
                CommandKind.ChangeEmail => await grain.ChangeEmail(command.Value),
                _ => await grain.ChangeAddress(command.Value),
            };
            return 1;
        }
        var bench = Bench(command.UserId);
        _ = command.Kind switch
        {
            CommandKind.Rename => await bench.Rename(command.Value),
            CommandKind.ChangeEmail => await bench.ChangeEmail(command.Value),
            _ => await bench.ChangeAddress(command.Value),
        };
        return 1;
    }

    public (double? Silo, double Client, double Store) Cpu() =>
        (_silo!.CpuSeconds(), CommandTargetRunner.DriverCpu(), Redis.CpuSeconds());

    public long? SiloPeakWorkingSet() => _silo!.PeakWorkingSet();

    public async Task<(long Bytes, long? UsedMemoryDelta, string? Detail)> FootprintAsync()
    {
        var (bytes, delta, _, detail) = await Redis.FootprintDetailAsync();
        return (bytes, delta, detail);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        if (_silo is not null) await _silo.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_sink is not null)
        {
            Console.WriteLine($"    OTLP sink received {_sink.Requests:N0} exports, {_sink.Bytes / 1048576.0:0.0} MB");
            await _sink.DisposeAsync();
        }
    }

    private IBenchUserGrain Bench(string id) => mode switch
    {
        "logstorage" => Client.GetGrain<ILogStorageUserGrain>(id),
        "statestorage" => Client.GetGrain<IStateStorageUserGrain>(id),
        _ => Client.GetGrain<IOursBenchUserGrain>(id),
    };
}
