using System.Diagnostics;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>
/// Runs a probe of this test assembly in a child <c>dotnet</c> process. Some settings are read
/// once per process and cached (.NET caches the local time zone), so the only honest way to run
/// code under another one is another process; changing it here would also leak into tests
/// running in parallel.
/// </summary>
public static class ProbeProcess
{
    private static readonly Dictionary<string, Action> Probes = new(StringComparer.Ordinal)
    {
        ["time-round-trip"] = Serialization.TimeProbe.Print,
    };

    /// <summary>The assembly's entry point (the test SDK's generated one is turned off): <c>dotnet EventSourcing.Tests.dll probe-name</c>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 1 || !Probes.TryGetValue(args[0], out var probe))
        {
            Console.Error.WriteLine($"usage: dotnet EventSourcing.Tests.dll <{string.Join('|', Probes.Keys)}>");
            return 2;
        }
        probe();
        return 0;
    }

    public static async Task<string[]> RunAsync(string probe, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(ProbeProcess).Assembly.Location);
        start.ArgumentList.Add(probe);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"probe {probe} exited with {process.ExitCode}: {await stderr}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
