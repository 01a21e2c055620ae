using Microsoft.Extensions.Configuration;
using Silo.Telemetry;

namespace EventSourcing.Tests.Telemetry;

/// <summary>The <c>Telemetry</c> section as the silo reads it: what is on by default and what switches it off.</summary>
public sealed class TelemetryOptionsTests
{
    private static TelemetryOptions From(params (string Key, string Value)[] settings) =>
        TelemetryOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    [Fact]
    public void an_otlp_endpoint_turns_metrics_and_traces_on()
    {
        var options = From(("Telemetry:Otlp:Endpoint", "http://127.0.0.1:4317"));
        Assert.True(options.MetricsEnabled);
        Assert.True(options.TracingEnabled);
        Assert.Equal(1.0, options.SamplingRatio);
        Assert.Equal(10, options.MaxTracesPerSecond);
    }

    [Fact]
    public void without_a_collector_only_the_prometheus_metrics_are_on()
    {
        var options = From();
        Assert.True(options.MetricsEnabled);
        Assert.False(options.TracingEnabled);
    }

    [Fact]
    public void each_signal_can_be_switched_off_whatever_else_is_set()
    {
        var noTraces = From(("Telemetry:Otlp:Endpoint", "http://127.0.0.1:4317"), ("Telemetry:Tracing:Enabled", "false"));
        Assert.True(noTraces.MetricsEnabled);
        Assert.False(noTraces.TracingEnabled);

        var noMetrics = From(("Telemetry:Otlp:Endpoint", "http://127.0.0.1:4317"), ("Telemetry:Metrics:Enabled", "false"));
        Assert.False(noMetrics.MetricsEnabled);
        Assert.True(noMetrics.TracingEnabled);
    }

    [Fact]
    public void a_sampling_ratio_outside_zero_to_one_is_refused_with_its_key()
    {
        var e = Assert.Throws<InvalidOperationException>(() => From(("Telemetry:Tracing:SamplingRatio", "1.5")));
        Assert.Contains("Telemetry:Tracing:SamplingRatio", e.Message);
    }

    [Fact]
    public void a_negative_trace_cap_is_refused_with_its_key()
    {
        var e = Assert.Throws<InvalidOperationException>(() => From(("Telemetry:Tracing:MaxTracesPerSecond", "-1")));
        Assert.Contains("Telemetry:Tracing:MaxTracesPerSecond", e.Message);
    }
}
