using System.Diagnostics;

namespace WriteBench.Stores;

/// <summary>The bench silo (bench/WriteBench.Silo) in its own process, as a production silo runs.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public int Pid => _process.Id;

    /// <param name="extraArguments">More configuration for the silo (<c>--Telemetry:Otlp:Endpoint</c>, ...).</param>
    public static async Task<SiloProcess> StartAsync(string siloDll, string mode, string redis, IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(siloDll))
            throw new FileNotFoundException($"Bench silo not built at {siloDll}; run bench/run-write.sh (it builds it) or pass --silo-dll.");
        var gatewayPort = LocalRedis.FreeTcpPort.Pick();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { siloDll, "--Bench:Mode", mode, "--Bench:Redis", redis, "--Bench:SiloPort", LocalRedis.FreeTcpPort.Pick().ToString(), "--Bench:GatewayPort", gatewayPort.ToString() })
            info.ArgumentList.Add(a);
        foreach (var a in extraArguments ?? []) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.StartsWith("BENCH-SILO-READY", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != ready.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            lock (output) throw new InvalidOperationException($"Bench silo ({mode}) did not start:\n{output}");
        }
        return new SiloProcess(process, gatewayPort);
    }

    public double CpuSeconds() => ProcessStats.CpuSeconds(Pid);

    public long PeakWorkingSet() => ProcessStats.PeakWorkingSet(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
