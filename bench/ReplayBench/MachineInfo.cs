using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ReplayBench;

/// <summary>What the figures were measured on.</summary>
public sealed record MachineInfo(int Processors, string Os, string DotnetRuntime, string DotnetSdk, string RedisVersion, string Cpu, bool ServerGc)
{
    public static async Task<MachineInfo> DescribeAsync(string redisVersion) => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        await RunAsync("dotnet", "--version") ?? "?",
        redisVersion,
        CpuModel(),
        GCSettings.IsServerGC);

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine slows both sides of every comparison.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "?" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static async Task<string?> RunAsync(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null) return null;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
