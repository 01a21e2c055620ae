using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalRedis;

/// <summary>
/// A private Redis Cluster on 127.0.0.1: <c>Masters × (1 + ReplicasPerMaster)</c> redis-server
/// processes with <c>cluster-enabled yes</c> and AOF, joined by <c>redis-cli --cluster create</c>.
/// For tests and benchmarks of the store on a cluster: nodes can be killed (as a crash would) and
/// restarted on the same port and data, where they rejoin (a failed master as its successor's replica).
/// </summary>
public sealed class LocalRedisCluster : IAsyncDisposable
{
    private const int PortAttempts = 5;
    // The cluster bus listens on port + 10000, so ports stay below this.
    private const int BusOffset = 10000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);
    private readonly LocalRedisClusterOptions _options;
    private readonly ILogger _logger;
    private readonly List<LocalRedisServer> _nodes = [];

    private LocalRedisCluster(LocalRedisClusterOptions options, ILogger logger, string dataDirectory)
    {
        _options = options;
        _logger = logger;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public IReadOnlyList<LocalRedisServer> Nodes => _nodes;

    /// <summary>Every node's address: a cluster-aware client needs one, and takes any that answers.</summary>
    public string ConnectionString => string.Join(",", _nodes.Select(n => n.ConnectionString));

    /// <summary>Starts the nodes, creates the cluster, and returns once every node reports <c>cluster_state:ok</c>.</summary>
    public static async Task<LocalRedisCluster> StartAsync(LocalRedisClusterOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var cluster = new LocalRedisCluster(options, logger ?? NullLogger.Instance, dataDirectory);
        try
        {
            var count = options.Masters * (1 + options.ReplicasPerMaster);
            for (var i = 0; i < count; i++) cluster._nodes.Add(await cluster.StartNodeAsync(cancellationToken));
            await cluster.CreateAsync(cancellationToken);
            await cluster.WaitUntilHealthyAsync(options.ReadyTimeout, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public LocalRedisServer NodeAt(int port) =>
        _nodes.SingleOrDefault(n => n.Port == port) ?? throw new ArgumentException($"No node of this cluster listens on port {port}.", nameof(port));

    /// <summary>The cluster as a running node sees it (the first that answers).</summary>
    public async Task<IReadOnlyList<ClusterNodeInfo>> TopologyAsync()
    {
        foreach (var node in _nodes.Where(n => n.IsRunning))
            if (await ClusterWire.TryAskAsync(node.Port, "CLUSTER NODES", AskTimeout) is { } text && !text.StartsWith("ERR:", StringComparison.Ordinal))
                return ClusterNodeInfo.ParseAll(text);
        throw new InvalidOperationException("No node of the cluster answered CLUSTER NODES.");
    }

    /// <summary>The hash slot of <paramref name="key"/>, as the server computes it (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> KeySlotAsync(string key)
    {
        if (key.Any(c => char.IsWhiteSpace(c) || c == '"'))
            throw new ArgumentException("Keys with whitespace or quotes cannot be sent as an inline command.", nameof(key));
        foreach (var node in _nodes.Where(n => n.IsRunning))
            if (await ClusterWire.TryAskAsync(node.Port, "CLUSTER KEYSLOT " + key, AskTimeout) is { } reply && reply.StartsWith(':'))
                return int.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"No node answered CLUSTER KEYSLOT {key}.");
    }

    /// <summary>The master that serves <paramref name="slot"/> now (a failed one too, until its replica takes over).</summary>
    public async Task<ClusterNodeInfo> MasterOfSlotAsync(int slot) =>
        (await TopologyAsync()).FirstOrDefault(n => n.IsMaster && n.Serves(slot))
        ?? throw new InvalidOperationException($"No master serves slot {slot}.");

    /// <summary>
    /// Returns once every running node reports <c>cluster_state:ok</c> and sees every slot served by
    /// a master that is not failed: after creation, and after a failover has completed.
    /// </summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var elapsed = Stopwatch.StartNew();
        string last = "no answer yet";
        while (elapsed.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var why = await WhyNotHealthyAsync();
            if (why is null) return;
            last = why;
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"The Redis Cluster in {DataDirectory} was not healthy within {timeout.TotalSeconds:0.#} s: {last}.");
    }

    /// <summary>
    /// Sends an inline command to the node on <paramref name="port"/> itself (no client-side routing
    /// or checks) and returns its reply as text, errors as <c>ERR:</c> + the message; null if it did not answer.
    /// </summary>
    public Task<string?> AskAsync(int port, string inlineCommand) => ClusterWire.TryAskAsync(port, inlineCommand, AskTimeout);

    /// <summary>Makes a replica take its master's slots now, without the master's agreement (it may be dead).</summary>
    public async Task FailoverTakeoverAsync(int replicaPort)
    {
        var reply = await ClusterWire.TryAskAsync(replicaPort, "CLUSTER FAILOVER TAKEOVER", AskTimeout);
        if (reply != "OK") throw new InvalidOperationException($"CLUSTER FAILOVER TAKEOVER on port {replicaPort} answered '{reply ?? "nothing"}'.");
    }

    public async ValueTask DisposeAsync()
    {
        // Killed rather than shut down: a master's SHUTDOWN waits for its replicas, and the data goes anyway.
        foreach (var node in _nodes) await node.KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A node's child (an AOF rewrite) may still hold a file for a moment; the temp folder is reclaimed later.
        }
    }

    private async Task<string?> WhyNotHealthyAsync()
    {
        foreach (var node in _nodes.Where(n => n.IsRunning))
        {
            var info = await ClusterWire.TryAskAsync(node.Port, "CLUSTER INFO", AskTimeout);
            if (info is null || !info.Contains("cluster_state:ok", StringComparison.Ordinal))
                return $"node {node.Port} says {(info is null ? "nothing" : FirstLine(info, "cluster_state"))}";
            var nodes = await ClusterWire.TryAskAsync(node.Port, "CLUSTER NODES", AskTimeout);
            if (nodes is null) return $"node {node.Port} did not answer CLUSTER NODES";
            var masters = ClusterNodeInfo.ParseAll(nodes).Where(n => n.IsMaster && !n.Failed && n.Slots.Count > 0).ToList();
            var covered = masters.Sum(m => m.Slots.Sum(r => r.To - r.From + 1));
            if (covered != 16384) return $"node {node.Port} sees {covered} of 16384 slots served by a live master";
            if (masters.Any(m => !NodeRunning(m.Port))) return $"node {node.Port} still sees a dead node as master";
        }
        return null;
    }

    private bool NodeRunning(int port) => _nodes.Any(n => n.Port == port && n.IsRunning);

    private static string FirstLine(string text, string startingWith) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(startingWith, StringComparison.Ordinal))?.Trim() ?? text.Split('\n')[0].Trim();

    private async Task<LocalRedisServer> StartNodeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = PickPortWithFreeBusPort();
            try
            {
                return await LocalRedisServer.StartAsync(new LocalRedisServerOptions
                {
                    DataDirectory = Path.Combine(DataDirectory, $"node-{port}"),
                    Port = port,
                    AppendOnly = true,
                    AppendFsync = _options.AppendFsync,
                    ExtraArguments =
                    [
                        "--cluster-enabled", "yes",
                        // Relative to --dir, so a restarted node finds its identity and epoch again.
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", ((long)_options.NodeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                        // One master's failure then stops only its slots, not the whole cluster.
                        "--cluster-require-full-coverage", "no",
                        .. _options.ExtraArguments,
                    ],
                }, _logger, cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < PortAttempts)
            {
                // The port (or its bus port) was taken between picking and binding: try another pair.
            }
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--cluster");
        startInfo.ArgumentList.Add("create");
        foreach (var node in _nodes) startInfo.ArgumentList.Add(node.ConnectionString);
        startInfo.ArgumentList.Add("--cluster-replicas");
        startInfo.ArgumentList.Add(_options.ReplicasPerMaster.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--cluster-yes");
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start redis-cli.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"redis-cli --cluster create exited with code {process.ExitCode}:\n{await output}\n{await errors}");
    }

    private static int PickPortWithFreeBusPort()
    {
        for (var i = 0; i < 100; i++)
        {
            var port = FreeTcpPort.Pick();
            if (port + BusOffset <= IPEndPoint.MaxPort && IsFree(port + BusOffset)) return port;
        }
        throw new InvalidOperationException("Found no free loopback port whose cluster bus port (port + 10000) is free too.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
