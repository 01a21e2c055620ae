using System.Diagnostics;
using Orleans.TestingHost;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>Runs the real users-cli process against a test cluster's gateway (the cluster must use real sockets).</summary>
public static class CliProcess
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TestCluster cluster, params string[] args) =>
        RunAsync(cluster.Primary!.GatewayAddress!.Endpoint.Port, cluster.Options.ClusterId, cluster.Options.ServiceId, args);

    /// <summary>Against a silo process's gateway (<see cref="SiloProcess"/>).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(int gatewayPort, string clusterId, string serviceId, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "users-cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli }.Concat(args).Concat(["--gateway", $"127.0.0.1:{gatewayPort}",
                     "--cluster-id", clusterId, "--service-id", serviceId]))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
