using System.Diagnostics;
using System.Text;
using LocalRedis;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>
/// src/Silo's built Silo.dll as a separate OS process on its own free ports (silo, gateway, HTTP),
/// with Redis clustering, so a test can kill -9 it as a crash would, and start it again.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private SiloProcess(Dictionary<string, string> environment, int siloPort, int gatewayPort)
    {
        _environment = environment;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the silo printed so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// The silo built beside this test project: tests/EventSourcing.Tests/bin/C/net10.0 → src/Silo/bin/C/net10.0
    /// (the test project references src/Silo, so it is built in the same configuration first).
    /// </summary>
    public static string SiloDll
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = bin.Name;
            var configuration = bin.Parent!.Name;
            var repository = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repository, "src", "Silo", "bin", configuration, framework, "Silo.dll");
        }
    }

    /// <param name="settings">Extra configuration as environment variables (<c>EventStore__OperationTimeout</c>...).</param>
    public static async Task<SiloProcess> StartAsync(string redisConnection, string clusterId, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (siloPort, gatewayPort) = (FreeTcpPort.Pick(), FreeTcpPort.Pick());
        var environment = new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = redisConnection,
            ["Orleans__ClusteringMode"] = "Redis",
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Http__Url"] = "http://127.0.0.1:0",
            // The SQL model is a file per silo unless shared: these tests check the Redis model, which all silos share.
            ["ReadModels__Sql"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Silo"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var silo = new SiloProcess(environment, siloPort, gatewayPort);
        await silo.StartAsync();
        return silo;
    }

    /// <summary>Starts the process again on the same ports (a silo restarted after a crash).</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException("The silo is running.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SiloDll);
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Line(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
            if (line.Contains("Silo started", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The silo exited during start-up:\n{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await started.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The silo did not start within {StartTimeout.TotalSeconds}s:\n{Output}");
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster, in-flight calls lost, as a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>A graceful stop (SIGTERM): the silo leaves the cluster.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
