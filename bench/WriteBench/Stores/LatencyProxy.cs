using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WriteBench.Stores;

/// <summary>
/// A TCP proxy on loopback that holds every chunk of bytes for a fixed delay in each direction, so
/// every target sees the same store "far away" (a round trip gains twice the delay). Bandwidth is
/// not limited and order is kept: chunks leave in arrival order, each no earlier than its arrival
/// plus the delay, so many requests in flight overlap their delays as on a network. One thread
/// releases every chunk, sleeping with <c>nanosleep</c> (timers of .NET tick in whole ms, too
/// coarse for a 0.25 ms delay); it sleeps, it does not spin, so it takes no CPU from the targets.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly ConcurrentQueue<(long Due, Socket To, byte[] Bytes)> _due = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Thread _releaser;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    private LatencyProxy(IPEndPoint target, TimeSpan delay)
    {
        _target = target;
        _delay = delay;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _releaser = new Thread(Release) { IsBackground = true, Name = "latency-proxy" };
        _releaser.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to instead of the target's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TimeSpan Delay => _delay;

    /// <param name="oneWay">Added to each direction: a round trip gains twice this.</param>
    public static LatencyProxy Start(int targetPort, TimeSpan oneWay) => new(new IPEndPoint(IPAddress.Loopback, targetPort), oneWay);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            lock (_connections) _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            using var pair = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            // Either side closing ends both directions.
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream(), pair.Token), PumpAsync(server.GetStream(), client.GetStream(), pair.Token));
            await pair.CancelAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // A connection torn down by either side, or by the proxy stopping.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            var due = Stopwatch.GetTimestamp() + (long)(_delay.TotalSeconds * Stopwatch.Frequency);
            _due.Enqueue((due, to.Socket, buffer[..read]));
            _arrived.Release();
        }
    }

    // With one delay for every chunk, arrival order is due order: a FIFO is the whole schedule.
    private void Release()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _arrived.Wait(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!_due.TryDequeue(out var chunk)) continue;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), chunk.Due);
            if (wait > TimeSpan.Zero) Sleep(wait);
            try
            {
                chunk.To.Send(chunk.Bytes);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // That connection is gone; its other chunks fail the same way.
            }
        }
    }

    private static void Sleep(TimeSpan span)
    {
        var ts = new Timespec { Seconds = (long)span.TotalSeconds, Nanoseconds = span.Ticks % TimeSpan.TicksPerSecond * 100 };
        nanosleep(ref ts, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int nanosleep(ref Timespec request, IntPtr remaining);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] open;
        lock (_connections) open = [.. _connections];
        await Task.WhenAll(open).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _releaser.Join();
        _stop.Dispose();
    }
}
