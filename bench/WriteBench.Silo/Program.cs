using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Silo;
using Silo.Telemetry;
using StackExchange.Redis;
using WriteBench.Grains;

// The silo of the write benchmark, in its own process as in production. Started by the driver with
//   --Bench:Mode ours|ours-telemetry|logstorage|statestorage --Bench:Redis host:port --Bench:SiloPort N --Bench:GatewayPort N
// "ours" is exactly SiloConfiguration.AddUserEventStore, the registration src/Silo makes; "ours-telemetry"
// adds src/Silo's telemetry registration, configured from the "Telemetry" section as src/Silo's is.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);

var mode = builder.Configuration["Bench:Mode"] ?? "ours";
var redis = builder.Configuration["Bench:Redis"] ?? throw new InvalidOperationException("--Bench:Redis is required.");
var siloPort = builder.Configuration.GetValue("Bench:SiloPort", 11211);
var gatewayPort = builder.Configuration.GetValue("Bench:GatewayPort", 30200);

builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "write-bench", clusterId: "write-bench");
    silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
    switch (mode)
    {
        case "ours":
        case "ours-telemetry":
            // The production defaults; an "EventStore" section (e.g. EventStore__AppendCallsInFlight=1
            // in the environment) overrides them for experiments, as it does in src/Silo.
            silo.AddUserEventStore(redis, o => EventStoreSettings.ApplyTo(builder.Configuration.GetSection(EventStoreSettings.SectionName), o));
            if (mode == "ours-telemetry") silo.AddUsersTelemetry(TelemetryOptions.From(builder.Configuration));
            break;
        case "logstorage":
        case "statestorage":
            silo.AddRedisGrainStorage(BenchProviders.RedisGrainStorage, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.AddLogStorageBasedLogConsistencyProvider(BenchProviders.LogStorage);
            silo.AddStateStorageBasedLogConsistencyProvider(BenchProviders.StateStorage);
            break;
        default:
            throw new InvalidOperationException($"Unknown --Bench:Mode '{mode}' (ours, ours-telemetry, logstorage, statestorage).");
    }
});

using var host = builder.Build();
await host.StartAsync();
// The driver waits for this line.
Console.WriteLine($"BENCH-SILO-READY mode={mode} pid={Environment.ProcessId}");
if (builder.Configuration.GetValue("Bench:LogJit", false))
{
    // Experiments: how much the JIT still compiles under steady load (tiering, dynamic PGO).
    _ = Task.Run(async () =>
    {
        while (true)
        {
            await Task.Delay(5000);
            File.AppendAllText($"/tmp/jit-{Environment.ProcessId}.log", $"{DateTime.UtcNow:HH:mm:ss} JIT methods={System.Runtime.JitInfo.GetCompiledMethodCount()} time={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0}ms\n");
        }
    });
}
await host.WaitForShutdownAsync();
