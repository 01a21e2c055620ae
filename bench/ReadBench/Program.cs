using System.Diagnostics;
using LocalPostgres;
using LocalRedis;
using Npgsql;
using ReadBench;
using ReadModels.Hosting;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

// Read-side benchmark (issue 10). bench/run-read.sh builds and runs it; --help lists the options.
if (args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Help);
    return 0;
}
var options = BenchOptions.Parse(args);
var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var root = Path.Combine(Path.GetTempPath(), "read-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
const string KeyPrefix = "es"; // the product's defaults (RedisStreamsLogOptions): prefix es, 16 partitions
const int Partitions = 16;

// As src/Silo runs its local Redis: AOF everysec, small stream nodes (docs/operations.md, Memory).
LocalRedisServerOptions RedisOptions(string name) => new()
{
    DataDirectory = Path.Combine(root, name),
    AppendOnly = true,
    AppendFsync = "everysec",
    ExtraArguments = ["--stream-node-max-bytes", "640"],
};

async Task<int> RedisPidAsync(IConnectionMultiplexer mux) => int.Parse(
    (await mux.GetServer(mux.GetEndPoints()[0]).InfoAsync("server")).SelectMany(g => g).First(kv => kv.Key == "process_id").Value,
    System.Globalization.CultureInfo.InvariantCulture);

await using var postgres = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions
{
    // As WriteBench's: durable like a production server, room for the pools.
    Settings = { ["max_connections"] = "200", ["shared_buffers"] = "256MB", ["fsync"] = "on", ["full_page_writes"] = "on" },
});
async Task<string> DatabaseAsync(string name)
{
    await using (var conn = new NpgsqlConnection(postgres.ConnectionString()))
    {
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
    }
    return $"{postgres.ConnectionString(name)};Maximum Pool Size=100";
}

var report = new RunReport { Options = options, StartedAt = startedAt, LoadBefore = ReplayBench.MachineInfo.LoadAverage() };
try
{
    if (options.Rebuild)
    {
        var histories = new UserHistories((int)(options.Events / options.EventsPerUser), options.EventsPerUser);
        await using var redis = await LocalRedisServer.StartAsync(RedisOptions("rebuild"));
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true,syncTimeout=60000,asyncTimeout=60000");
        var server = mux.GetServer(mux.GetEndPoints()[0]);
        report.Machine = await ReplayBench.MachineInfo.DescribeAsync(server.Version.ToString());
        Console.WriteLine($"redis-server {server.Version} at {redis.ConnectionString}, PostgreSQL 15 on port {postgres.Port}; {histories.TotalEvents:N0} events = {histories.Users:N0} users x {histories.EventsPerUser}");
        var cpu = new CpuMeter(await RedisPidAsync(mux), postgres.Pid);

        using (var progress = new ProgressLine("loading Redis (append.lua)", histories.TotalEvents))
            report.RedisLoad = await AppendScriptLoader.LoadAsync(mux.GetDatabase(), histories, new StreamKeys(KeyPrefix, Partitions), progress.Set);
        Console.WriteLine($"  loaded through append.lua in {report.RedisLoad.TotalSeconds:0.0} s ({histories.TotalEvents / report.RedisLoad.TotalSeconds:N0} events/s)");
        report.RedisUsedMemory = (await server.InfoAsync("memory")).SelectMany(g => g).First(kv => kv.Key == "used_memory_human").Value;

        var martenConnection = await DatabaseAsync("marten");
        if (options.MartenBatchSizes.Count > 0)
        {
            await using (var loadStore = MartenSide.Store(martenConnection, batchSize: null))
            using (var progress = new ProgressLine("loading Marten (QuickAppend)", histories.TotalEvents))
                report.MartenLoad = await MartenSide.LoadAsync(loadStore, histories, progress.Set);
            var martenEvents = await MartenSide.EventCountAsync(martenConnection);
            if (martenEvents != histories.TotalEvents) throw new InvalidOperationException($"Marten holds {martenEvents:N0} events, not {histories.TotalEvents:N0}.");
            Console.WriteLine($"  Marten loaded in {report.MartenLoad.TotalSeconds:0.0} s ({histories.TotalEvents / report.MartenLoad.TotalSeconds:N0} events/s)");
        }

        report.LoadBeforeRebuilds = ReplayBench.MachineInfo.LoadAverage();
        var copies = new ReadModelCopies(mux, Path.Combine(root, "sqlite"), await DatabaseAsync("readmodels"));
        var runner = new RebuildRunner(mux, copies, histories, cpu, KeyPrefix, Partitions);
        foreach (var setting in options.Settings)
        {
            Console.WriteLine($"Rebuilds, {setting}:");
            report.Raw.Add(await runner.RawAsync(setting, withEntries: false));
            report.Raw.Add(await runner.RawAsync(setting, withEntries: true));
            foreach (var kind in options.Models)
                report.Rebuilds.Add(await runner.RebuildAsync(kind, setting));
        }
        foreach (var batchSize in options.MartenBatchSizes)
        {
            var configuration = batchSize is { } size ? $"BatchSize {size}" : "defaults";
            await using var store = MartenSide.Store(martenConnection, batchSize);
            RebuildRunner.Quiesce();
            var load = ReplayBench.MachineInfo.LoadAverage();
            var before = cpu.Sample();
            var (elapsed, documents) = await MartenSide.RebuildAsync(store);
            var result = new MartenResult(configuration, elapsed, histories.TotalEvents, documents, cpu.Sample() - before, load);
            Console.WriteLine($"  Marten async daemon rebuild ({configuration}): {result.Rate:N0} events/s ({elapsed.TotalSeconds:0.0} s, {documents:N0} documents, CPU bench {result.Cpu.Bench:0.0} s / pg {result.Cpu.Postgres:0.0} s)");
            if (documents != histories.Users) throw new InvalidOperationException($"Marten's rebuild left {documents:N0} documents, not {histories.Users:N0}.");
            var sample = await MartenSide.LoadDocAsync(store, UserHistories.UserId(histories.Users - 1));
            if (sample is null || sample.Version != histories.EventsPerUser || sample.Name != histories.Final(histories.Users - 1).Name)
                throw new InvalidOperationException($"Marten's rebuilt document of the last user is wrong: version {sample?.Version}, name {sample?.Name}.");
            report.Marten.Add(result);
        }
        report.LoadAfterRebuilds = ReplayBench.MachineInfo.LoadAverage();
    }

    if (options.Live)
    {
        report.LoadBeforeLive = ReplayBench.MachineInfo.LoadAverage();
        // The Redis model alone first: each partition's grain applies its projections one after the
        // other, so beside a SQL model the Redis model's lag includes the SQL model's apply.
        var redisOnly = new UserReadModelsOptions { Redis = true, Sql = false };
        report.Live.Add(await LiveLagRun.RunAsync("Redis only", RedisOptions("live-redis"), redisOnly, options.LiveUsers, options.Rate, options.Warmup, options.Duration, postgres.Pid));
        var sqlite = new UserReadModelsOptions { Redis = true, Sql = true, SqlitePath = Path.Combine(root, "live", "users.db") };
        report.Live.Add(await LiveLagRun.RunAsync("Redis + SQLite", RedisOptions("live-sqlite"), sqlite, options.LiveUsers, options.Rate, options.Warmup, options.Duration, postgres.Pid));
        if (options.LivePostgres)
        {
            var pg = new UserReadModelsOptions { Redis = true, Sql = true, PostgresConnectionString = await DatabaseAsync("live") };
            report.Live.Add(await LiveLagRun.RunAsync("Redis + PostgreSQL", RedisOptions("live-postgres"), pg, options.LiveUsers, options.Rate, options.Warmup, options.Duration, postgres.Pid));
        }
        report.LoadAfterLive = ReplayBench.MachineInfo.LoadAverage();
    }
    report.Machine ??= await ReplayBench.MachineInfo.DescribeAsync("?");
    report.Duration = clock.Elapsed;

    var markdown = ReportWriter.Render(report);
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (options.Output is { } output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"written to {output}");
    }
    // A missed floor is reported, not an error: the figures go into the docs either way.
    return 0;
}
finally
{
    try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}
