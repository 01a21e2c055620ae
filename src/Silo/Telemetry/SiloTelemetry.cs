using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Hosting;
using RedisEventSourcing.Tracing;
using Users.Http.Hosting;

namespace Silo.Telemetry;

/// <summary>
/// Exports the silo's metrics and traces with OpenTelemetry: OTLP to a collector when one is
/// configured, and a Prometheus scrape endpoint on the HTTP API's server. Tests and the write
/// benchmark register it through the same method, with their own in-memory or discarding sinks.
/// </summary>
public static class SiloTelemetry
{
    public static ISiloBuilder AddUsersTelemetry(this ISiloBuilder silo, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.MetricsEnabled && !options.TracingEnabled) return silo;

        var telemetry = silo.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        if (options.MetricsEnabled)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetrySignals.Meters);
                if (options.OrleansMetrics) metrics.AddMeter(TelemetrySignals.OrleansMeter);
                if (options.OtlpEndpoint is { } endpoint) metrics.AddOtlpExporter(o => Target(o, endpoint, options.OtlpProtocol, "v1/metrics"));
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                    silo.Services.AddSingleton<IUsersApiPart, PrometheusScrapeEndpoint>();
                }
                options.ConfigureMetrics?.Invoke(metrics);
            });
        }

        if (options.TracingEnabled)
        {
            // Not Orleans' AddActivityPropagation(): its filters create an Activity for every grain call,
            // recorded or not, and an incoming filter sends every call through Orleans' filter pipeline.
            // Here a [Traced] method's request creates one only for a call whose trace is recorded (GrainCallTracer).
            var sampler = new EdgeSampler(options.SamplingRatio, options.MaxTracesPerSecond);
            // Through a factory, so the container disposes it (its rate limiter's timer) with the silo.
            silo.Services.AddSingleton(_ => sampler);
            // No incoming call filter: the requests of [Traced] methods ask this tracer themselves.
            silo.Services.AddSingleton<IIncomingCallTracer, GrainCallTracer>();
            silo.AddOutgoingGrainCallFilter<OutgoingTraceFilter>();
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(TelemetrySignals.Sources);
                // The HTTP API's request spans, named by route with the HTTP attributes (ASP.NET Core's
                // own activity has neither); a caller's traceparent header makes them its children.
                tracing.AddAspNetCoreInstrumentation();
                tracing.SetSampler(new ParentBasedSampler(sampler));
                if (options.OtlpEndpoint is { } endpoint) tracing.AddOtlpExporter(o => Target(o, endpoint, options.OtlpProtocol, "v1/traces"));
                options.ConfigureTracing?.Invoke(tracing);
            });
        }
        return silo;
    }

    /// <summary>
    /// An endpoint set in code is used as it is; over HTTP each signal has its own path, which the
    /// exporter adds only to an endpoint from the environment. A bare collector address gets it here.
    /// </summary>
    private static void Target(OtlpExporterOptions o, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        o.Protocol = protocol;
        o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/" ? new Uri(endpoint, signalPath) : endpoint;
    }
}
