using System.Globalization;

namespace WriteBench.Stores;

/// <summary>CPU time and peak working set of processes, read from /proc (Linux).</summary>
public static class ProcessStats
{
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>User + system CPU seconds of one process; 0 if it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": state is field 0, utime is field 11, stime field 12.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds of a process and its direct children (PostgreSQL's backends).</summary>
    public static double CpuSecondsWithChildren(int pid) => CpuSeconds(pid) + ChildrenOf(pid).Sum(CpuSeconds);

    /// <summary>Peak resident set (VmHWM) in bytes.</summary>
    public static long PeakWorkingSet(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], out var parent) && parent == pid) yield return child;
        }
    }
}
