using System.Net;

namespace WriteBench.Stores;

/// <summary>
/// Stands in for an OpenTelemetry collector in the telemetry-on target: an OTLP/HTTP endpoint on
/// loopback that reads every export and answers 200 with an empty (valid) protobuf response. The silo
/// then pays what it pays in production: spans and metric points built, batched, serialised and
/// sent. A collector's own work is left out (in production it runs elsewhere); this process only
/// drains the bytes. It counts what arrived, so the report shows telemetry really flowed.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _requests;
    private long _bytes;

    private OtlpSink(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Endpoint);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base address; the exporter adds v1/traces and v1/metrics.</summary>
    public string Endpoint { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static OtlpSink Start() => new(LocalRedis.FreeTcpPort.Pick());

    private async Task ServeAsync()
    {
        var buffer = new byte[64 * 1024];
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            long read = 0;
            int n;
            while ((n = await context.Request.InputStream.ReadAsync(buffer)) > 0) read += n;
            Interlocked.Add(ref _bytes, read);
            Interlocked.Increment(ref _requests);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
