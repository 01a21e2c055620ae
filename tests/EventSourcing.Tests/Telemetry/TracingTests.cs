using System.Diagnostics;
using System.Net.Http.Json;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// One trace spans a command from its caller (an HTTP client's traceparent, or users-cli) through
/// the grain call and the append script to the projection that applies its events later, from the
/// feed, joined through the <c>_traceparent</c> the events carry.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests(TelemetryClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task one_trace_spans_the_http_request_the_grain_call_the_append_script_and_the_projection()
    {
        var (traceId, callerSpanId) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        var id = Id("http");
        var correlationId = $"corr-{id}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/users") { Content = JsonContent.Create(new { id, name = "Tia", email = $"{id}@example.com" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        request.Headers.Add("X-Correlation-Id", correlationId);

        (await fixture.Http.SendAsync(request)).EnsureSuccessStatusCode();

        // The HTTP span ends after its response is sent and the projection runs later: wait for the whole chain.
        var (http, grainClient, grainServer, append, script, apply) = await Eventually.SucceedsAsync(() =>
        {
            var spans = fixture.Spans(traceId);
            var apply = spans.Single(s => s.OperationName == "es.projection.apply");
            var append = spans.Single(s => s.SpanId == apply.ParentSpanId);
            var script = spans.Single(s => s.ParentSpanId == append.SpanId && s.OperationName == "EVALSHA append.lua");
            var grainServer = spans.Single(s => s.SpanId == append.ParentSpanId);
            var grainClient = spans.Single(s => s.SpanId == grainServer.ParentSpanId);
            var http = spans.Single(s => s.SpanId == grainClient.ParentSpanId);
            return Task.FromResult((http, grainClient, grainServer, append, script, apply));
        }, Deadline, "the spans from the HTTP request to the projection");

        Assert.Equal(callerSpanId, http.ParentSpanId);
        Assert.Equal(("Microsoft.AspNetCore", ActivityKind.Server), (http.Source.Name, http.Kind));
        Assert.Equal(("POST", 201), (http.GetTagItem("http.request.method"), http.GetTagItem("http.response.status_code")));
        Assert.Equal(("Microsoft.Orleans.Application", ActivityKind.Client), (grainClient.Source.Name, grainClient.Kind));
        Assert.Equal(("Microsoft.Orleans.Application", ActivityKind.Server), (grainServer.Source.Name, grainServer.Kind));
        Assert.Contains("IUserGrain", grainServer.DisplayName);
        Assert.Equal(("RedisEventSourcing", "es.append"), (append.Source.Name, append.OperationName));
        Assert.Equal(("RedisEventSourcing", ActivityKind.Client), (script.Source.Name, script.Kind));
        Assert.Equal(("RedisEventSourcing.Projections", ActivityKind.Consumer), (apply.Source.Name, apply.Kind));

        var streamKey = RawLog.UserStreamKey(id);
        Assert.Equal(streamKey, append.GetTagItem("es.stream"));
        Assert.Equal(correlationId, append.GetTagItem("es.correlation_id"));
        Assert.Equal(2, append.GetTagItem("es.events"));
        Assert.Equal("appended", append.GetTagItem("es.append.outcome"));
        Assert.Equal(correlationId, http.GetTagItem("es.correlation_id"));
        Assert.Equal("users_redis", apply.GetTagItem("es.projection"));
        Assert.Equal(correlationId, apply.GetTagItem("es.correlation_id"));
        Assert.Equal(2, apply.GetTagItem("es.version"));
        // The thread the projection followed: each event names the append that wrote it.
        var entries = await RawLog.EntriesAsync(fixture.Db, streamKey);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal($"00-{traceId}-{append.SpanId}-01", e["_traceparent"]));
        // and the history shows it, the way from an event to its trace.
        var history = await fixture.Grains.GetGrain<IUserGrain>(id).GetHistory();
        Assert.All(history, h => Assert.Equal($"00-{traceId}-{append.SpanId}-01", h.Metadata["traceparent"]));
    }

    [Fact]
    public async Task a_request_its_caller_did_not_sample_records_no_span_in_the_silo_and_writes_no_trace_context()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var id = Id("unsampled");
        var request = new HttpRequestMessage(HttpMethod.Post, "/users") { Content = JsonContent.Create(new { id, name = "Una" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-00");

        (await fixture.Http.SendAsync(request)).EnsureSuccessStatusCode();
        // The projection has applied it too: no span of this trace may appear there either.
        await fixture.ProjectionsIdleAsync();

        var entry = Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)));
        Assert.False(entry.ContainsKey("_traceparent"));
        Assert.Empty(fixture.Spans(traceId));
    }

    [Fact]
    public async Task a_users_cli_invocation_given_a_traceparent_carries_its_trace_to_the_grain_the_append_and_the_projection()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var id = Id("cli");
        var gateway = fixture.Cluster.Primary!.GatewayAddress!.Endpoint;
        var start = new ProcessStartInfo("dotnet");
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "users-cli.dll"), "users", "create", id, "--name", "Cleo",
            "--gateway", $"127.0.0.1:{gateway.Port}", "--cluster-id", fixture.Cluster.Options.ClusterId, "--service-id", fixture.Cluster.Options.ServiceId,
            // Nothing listens there: the CLI traces (and propagates) all the same, and its export fails quietly.
            "--otlp-endpoint", $"http://127.0.0.1:{LocalRedis.FreeTcpPort.Pick()}",
        }) start.ArgumentList.Add(arg);
        start.Environment["TRACEPARENT"] = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";

        var (exitCode, _, stderr) = await CliProcess.RunAsync(start);

        Assert.True(exitCode == 0, stderr);
        var (grainServer, append, apply) = await Eventually.SucceedsAsync(() =>
        {
            var spans = fixture.Spans(traceId);
            var apply = spans.Single(s => s.OperationName == "es.projection.apply");
            var append = spans.Single(s => s.SpanId == apply.ParentSpanId && s.OperationName == "es.append");
            var grainServer = spans.Single(s => s.SpanId == append.ParentSpanId && s.Kind == ActivityKind.Server);
            return Task.FromResult((grainServer, append, apply));
        }, Deadline, "the spans from the CLI's grain call to the projection");

        // The grain call's parent is the CLI's own client span, in the CLI process: not among the silo's.
        Assert.DoesNotContain(fixture.Spans(traceId), s => s.SpanId == grainServer.ParentSpanId);
        Assert.Equal(RawLog.UserStreamKey(id), apply.GetTagItem("es.stream"));
        var entry = Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)));
        Assert.Equal($"00-{traceId}-{append.SpanId}-01", entry["_traceparent"]);
        Assert.Equal(entry["_correlation_id"], apply.GetTagItem("es.correlation_id"));
    }

    [Fact]
    public async Task a_call_from_a_client_that_does_not_trace_is_sampled_where_it_enters_and_its_append_joins_that_trace()
    {
        // The test cluster's client propagates no trace context: the silo is where this command enters.
        var id = Id("edge");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Edda", null);

        var streamKey = RawLog.UserStreamKey(id);
        var (grainServer, append) = await Eventually.SucceedsAsync(() =>
        {
            var append = fixture.AllSpans().Single(s => s.OperationName == "es.append" && Equals(s.GetTagItem("es.stream"), streamKey));
            var grainServer = fixture.Spans(append.TraceId).Single(s => s.SpanId == append.ParentSpanId);
            return Task.FromResult((grainServer, append));
        }, Deadline, "the grain call's and the append's spans");

        Assert.Equal(("Microsoft.Orleans.Application", ActivityKind.Server), (grainServer.Source.Name, grainServer.Kind));
        Assert.Equal(default, grainServer.ParentSpanId);
        Assert.Equal("Grains.Interfaces.IUserGrain/Create", grainServer.GetTagItem("rpc.method"));
        Assert.EndsWith($"/{id}", (string)grainServer.GetTagItem("orleans.rpc.target_id")!);
        var entry = Assert.Single(await RawLog.EntriesAsync(fixture.Db, streamKey));
        Assert.Equal($"00-{append.TraceId}-{append.SpanId}-01", entry["_traceparent"]);
    }

    [Fact]
    public async Task grain_calls_made_inside_the_cluster_without_a_trace_context_start_no_trace()
    {
        // Every command reaches the projections through stream deliveries, which are grain calls
        // from the silo's pulling agents: part of a command already sampled (or not), never a new
        // trace. Only the calls clients make to [Traced] methods are sampled where they enter.
        var id = Id("inside");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Ines", null);
        await fixture.ProjectionsIdleAsync();

        var roots = fixture.AllSpans().Where(s => s.Source.Name == "Microsoft.Orleans.Application" && s.ParentSpanId == default).ToList();
        Assert.NotEmpty(roots);
        Assert.All(roots, s => Assert.Matches("^Grains\\.Interfaces\\.IUser(Grain|QueryGrain|WatchGrain)/", (string)s.GetTagItem("rpc.method")!));
    }

    [Fact]
    public async Task a_call_made_inside_the_cluster_without_a_trace_context_is_not_sampled_as_a_command_entering()
    {
        // A background loop of the HTTP API, a grain whose own call was not traced: a request cannot
        // see who sent it, so the silo's outgoing filter marks such calls, and the [Traced] method's
        // tracer leaves them alone. The same call from a client is sampled (the control).
        Activity.Current = null;
        var inside = Id("from-inside");
        var outside = Id("from-outside");
        await fixture.SiloGrains.GetGrain<IUserGrain>(inside).Create("Iris", null);
        await fixture.Grains.GetGrain<IUserGrain>(outside).Create("Otto", null);

        // The in-memory exporter takes each span as it ends, before the call's answer is sent.
        var creates = fixture.AllSpans().Where(s => Equals(s.GetTagItem("rpc.method"), "Grains.Interfaces.IUserGrain/Create") && s.Kind == ActivityKind.Server).ToList();
        Assert.Contains(creates, s => ((string)s.GetTagItem("orleans.rpc.target_id")!).EndsWith($"/{outside}", StringComparison.Ordinal));
        Assert.DoesNotContain(creates, s => ((string)s.GetTagItem("orleans.rpc.target_id")!).EndsWith($"/{inside}", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.AllSpans(), s => Equals(s.GetTagItem("es.stream"), RawLog.UserStreamKey(inside)));
    }

    private static string Id(string test) => $"{test}-{Guid.NewGuid():N}";
}
