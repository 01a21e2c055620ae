using Orleans.Diagnostics;
using RedisEventSourcing.Diagnostics;
using RedisEventSourcing.Projections.Diagnostics;

namespace Silo.Telemetry;

/// <summary>Which meters and activity sources the silo exports (docs/observability.md lists what each holds).</summary>
public static class TelemetrySignals
{
    public const string ClientSourceName = "Users.Client";

    public static readonly string[] Meters =
    [
        EventStoreTelemetry.MeterName,
        ProjectionTelemetry.MeterName,
        // The runtime's (GC, thread pool, exceptions) and the HTTP API's request durations.
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
    ];

    /// <summary>Orleans' own: grain calls, activations, messaging, storage (<see cref="TelemetryOptions.OrleansMetrics"/>).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static readonly string[] Sources =
    [
        // Grain calls (client and server side). Orleans' runtime source is left out: membership and
        // stream-pulling system calls would outnumber the commands' spans.
        ActivitySources.ApplicationGrainActivitySourceName,
        EventStoreTelemetry.ActivitySourceName,
        ProjectionTelemetry.ActivitySourceName,
    ];
}
