using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Silo.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c> (docs/observability.md): where the silo's metrics and
/// traces go. Nothing configured = no OpenTelemetry SDK at all, so the meters and activity sources
/// stay unobserved and cost one check per call site.
/// </summary>
public sealed record TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary><c>service.name</c> of the resource every metric and span carries.</summary>
    public string ServiceName { get; init; } = "users-silo";

    /// <summary>
    /// <c>Telemetry:Otlp:Endpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: export metrics
    /// and traces to this collector. Tracing is on only with a collector (or <see cref="ConfigureTracing"/>).
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>Telemetry:Otlp:Protocol</c>: <c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// <c>Telemetry:Prometheus:Enabled</c> (default true): serve <c>/metrics</c> on the HTTP API's server,
    /// for a local Prometheus or a look with curl. Off when the HTTP API is off.
    /// </summary>
    public bool PrometheusEnabled { get; init; } = true;

    /// <summary>
    /// <c>Telemetry:Tracing:SamplingRatio</c> (default 1): the share of commands traced where they
    /// enter the silo: an HTTP request without a <c>traceparent</c>, or a grain call from a client
    /// that sends no trace context (<see cref="GrainCallTracer"/>), within
    /// <see cref="MaxTracesPerSecond"/>. A call that arrives with a trace context follows the
    /// caller's decision (parent-based), so a caller that samples everything is traced everywhere.
    /// </summary>
    public double SamplingRatio { get; init; } = 1.0;

    /// <summary>
    /// <c>Telemetry:Tracing:MaxTracesPerSecond</c> (default 10; 0 = no cap): the most traces the silo
    /// starts a second. A quiet silo traces every command; a busy one a steady number a second, so
    /// tracing's cost does not grow with the load (one command in a hundred at 20,000 a second cost
    /// a tenth of the write throughput: docs/observability.md, Cost). Per silo; callers that send a
    /// sampled trace context are not counted.
    /// </summary>
    public double MaxTracesPerSecond { get; init; } = 10;

    /// <summary>
    /// <c>Telemetry:Metrics:Orleans</c>: export Orleans' own meter (<c>Microsoft.Orleans</c>: messaging,
    /// grain calls, activations). Its instruments sit on every message's path, and listening to them
    /// is most of what metrics cost the write path (docs/observability.md, Cost), so it is off unless asked for.
    /// </summary>
    public bool OrleansMetrics { get; init; }

    /// <summary>For tests and benchmarks: more exporters or readers (in-memory, discarding) on the metrics pipeline; set = metrics on.</summary>
    public Action<MeterProviderBuilder>? ConfigureMetrics { get; init; }

    /// <summary>For tests and benchmarks: more exporters or processors on the tracing pipeline; set = tracing on.</summary>
    public Action<TracerProviderBuilder>? ConfigureTracing { get; init; }

    /// <summary><c>Telemetry:Metrics:Enabled</c> (default true): false exports no metrics, whatever else is set.</summary>
    public bool MetricsSwitch { get; init; } = true;

    /// <summary><c>Telemetry:Tracing:Enabled</c> (default true): false records no spans and propagates no trace context, whatever else is set.</summary>
    public bool TracingSwitch { get; init; } = true;

    public bool MetricsEnabled => MetricsSwitch && (PrometheusEnabled || OtlpEndpoint is not null || ConfigureMetrics is not null);

    public bool TracingEnabled => TracingSwitch && (OtlpEndpoint is not null || ConfigureTracing is not null);

    public static TelemetryOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var defaults = new TelemetryOptions();
        var endpoint = NullIfBlank(section["Otlp:Endpoint"]) ?? NullIfBlank(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var ratio = section.GetValue<double?>("Tracing:SamplingRatio") ?? defaults.SamplingRatio;
        if (ratio is < 0 or > 1)
            throw new InvalidOperationException($"{SectionName}:Tracing:SamplingRatio must be between 0 and 1, not {ratio}.");
        return defaults with
        {
            ServiceName = NullIfBlank(section["ServiceName"]) ?? defaults.ServiceName,
            OtlpEndpoint = endpoint is null ? null
                : Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri
                : throw new InvalidOperationException($"{SectionName}:Otlp:Endpoint '{endpoint}' is not an absolute URL (e.g. http://127.0.0.1:4317)."),
            OtlpProtocol = ParseProtocol(NullIfBlank(section["Otlp:Protocol"]) ?? NullIfBlank(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL"))),
            // The scrape endpoint lives on the HTTP API's server: without the API there is nowhere to serve it.
            PrometheusEnabled = (section.GetValue<bool?>("Prometheus:Enabled") ?? defaults.PrometheusEnabled) && configuration.GetValue("Http:Enabled", true),
            SamplingRatio = ratio,
            MaxTracesPerSecond = section.GetValue<double?>("Tracing:MaxTracesPerSecond") is { } max
                ? max >= 0 ? max : throw new InvalidOperationException($"{SectionName}:Tracing:MaxTracesPerSecond must be 0 (no cap) or more, not {max}.")
                : defaults.MaxTracesPerSecond,
            OrleansMetrics = section.GetValue<bool?>("Metrics:Orleans") ?? defaults.OrleansMetrics,
            MetricsSwitch = section.GetValue<bool?>("Metrics:Enabled") ?? defaults.MetricsSwitch,
            TracingSwitch = section.GetValue<bool?>("Tracing:Enabled") ?? defaults.TracingSwitch,
        };
    }

    private static OtlpExportProtocol ParseProtocol(string? value) => value switch
    {
        null or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{SectionName}:Otlp:Protocol must be 'grpc' or 'http/protobuf', not '{value}'."),
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
