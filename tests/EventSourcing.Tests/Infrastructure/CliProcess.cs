using System.Diagnostics;
using Orleans.TestingHost;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>Runs the real users-cli process against a test cluster's gateway (the cluster must use real sockets).</summary>
public static class CliProcess
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TestCluster cluster, params string[] args)
    {
        var gateway = cluster.Primary!.GatewayAddress!.Endpoint;
        return RunAsync(args.Concat(["--gateway", $"127.0.0.1:{gateway.Port}",
            "--cluster-id", cluster.Options.ClusterId, "--service-id", cluster.Options.ServiceId]));
    }

    /// <summary>Against a silo process's gateway (<see cref="SiloProcess"/>).</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(int gatewayPort, string clusterId, string serviceId, params string[] args) =>
        RunAsync(args.Concat(["--gateway", $"127.0.0.1:{gatewayPort}", "--cluster-id", clusterId, "--service-id", serviceId]));

    /// <summary>users-cli with exactly these arguments (no gateway added).</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "users-cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return RunAsync(start);
    }

    /// <summary>Runs a prepared start (e.g. a shell that passes bytes no .NET string can hold) and collects its output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
