using System.Globalization;

namespace ReadBench;

/// <summary>
/// CPU seconds (user + system) of a process and its descendants from /proc: which of the bench,
/// redis-server and PostgreSQL (the postmaster's backends are its children) was busy during a
/// measurement says what limits it on a 2-core machine.
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double Self() => Environment.ProcessId is var pid ? Of(pid, withChildren: false) : 0;

    public static double Of(int pid, bool withChildren)
    {
        var stats = ReadAll();
        if (!withChildren) return stats.TryGetValue(pid, out var own) ? own.Cpu : 0;
        var total = 0.0;
        var pending = new Stack<int>([pid]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var p = pending.Pop();
            if (!seen.Add(p) || !stats.TryGetValue(p, out var s)) continue;
            total += s.Cpu;
            foreach (var (child, cs) in stats)
                if (cs.Parent == p) pending.Push(child);
        }
        return total;
    }

    private static Dictionary<int, (int Parent, double Cpu)> ReadAll()
    {
        var result = new Dictionary<int, (int, double)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name in parentheses (which may hold spaces): state ppid ...
                // utime(14) stime(15) cutime(16) cstime(17). The children's part matters: a PostgreSQL
                // backend that exits during a measurement leaves its CPU in the postmaster's cutime.
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(rest[1], CultureInfo.InvariantCulture);
                var cpu = rest.Skip(11).Take(4).Sum(t => double.Parse(t, CultureInfo.InvariantCulture)) / TicksPerSecond;
                result[pid] = (parent, cpu);
            }
            catch (IOException) { }
            catch (FormatException) { }
            catch (UnauthorizedAccessException) { }
        }
        return result;
    }
}
