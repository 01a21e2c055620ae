using System.CommandLine;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace UsersCli;

/// <summary>
/// One span per invocation (<c>users-cli users rename</c>), the parent of the Orleans client's grain
/// call spans, so a command's trace starts where the user typed it. Exported over OTLP only when an
/// endpoint is given (<c>--otlp-endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); otherwise nothing
/// listens and no span exists. A script can put the invocation into its own trace with the
/// <c>TRACEPARENT</c> (and <c>TRACESTATE</c>) environment variables, the OpenTelemetry convention for
/// passing a trace context to a child process.
/// </summary>
internal static class ClientTracing
{
    public const string SourceName = "Users.Client";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly ActivitySource Source = new(SourceName, "1.0");

    /// <summary>The exporter of this invocation's spans, or null when none is configured. Disposing it flushes them.</summary>
    public static TracerProvider? StartExport(Uri? endpoint)
    {
        var fromEnvironment = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        if (endpoint is null && !fromEnvironment) return null;
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("users-cli"))
            // The Orleans client's grain call spans are the children that carry the context to the silo.
            .AddSource(SourceName, "Microsoft.Orleans.Application")
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddOtlpExporter(o =>
            {
                // An endpoint from the environment is applied by the exporter itself (per-signal paths included).
                if (endpoint is not null)
                    o.Endpoint = o.Protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/traces") : endpoint;
                // The process is about to exit: an unreachable collector must not hold it up for long.
                o.TimeoutMilliseconds = 3000;
            })
            .Build();
    }

    public static Activity? StartInvocation(ParseResult parseResult, CallMetadata metadata)
    {
        if (!Source.HasListeners()) return null;
        ActivityContext.TryParse(Environment.GetEnvironmentVariable("TRACEPARENT"), Environment.GetEnvironmentVariable("TRACESTATE"), isRemote: true, out var parent);
        var names = new List<string>();
        for (var c = parseResult.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Command is RootCommand ? "users-cli" : c.Command.Name);
        var span = Source.StartActivity(string.Join(" ", names), ActivityKind.Internal, parent);
        span?.SetTag("es.correlation_id", metadata.CorrelationId);
        return span;
    }

    /// <summary>Names the user and command id of a state-changing call on the invocation's span.</summary>
    public static void TagCommand(string userId, string commandId)
    {
        if (Activity.Current is not { IsAllDataRequested: true } span || span.Source != Source) return;
        span.SetTag("es.user_id", userId);
        span.SetTag("es.command_id", commandId);
    }
}
