using System.Globalization;

namespace WriteBench.Stores;

/// <summary>
/// How far and how slow the store is, the same for every target of a run: a one-way delay added
/// by a <see cref="LatencyProxy"/> in front of redis-server, and the folder its AOF is written
/// to (a tmpfs for a fast fsync, a disk for a real one).
/// </summary>
public sealed record StoreRegime(double RoundTripMs, string? AofDirectory)
{
    public static StoreRegime Local { get; } = new(0, null);

    /// <summary>The regime the targets being started now use (the suite sets it before each regime's runs).</summary>
    public static StoreRegime Current { get; set; } = Local;

    public TimeSpan OneWay => TimeSpan.FromMilliseconds(RoundTripMs / 2);

    /// <summary>Every latency with every folder: "0,0.5,2" × "/dev/shm,/var/tmp" is six regimes.</summary>
    public static IReadOnlyList<StoreRegime> Parse(string latencies, string? folders)
    {
        var ms = latencies.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        if (ms.Count == 0 || ms.Any(v => v < 0 || double.IsNaN(v))) throw new ArgumentException($"--store-latency '{latencies}' is not a list of non-negative milliseconds.");
        var dirs = folders is null ? [null] : folders.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(d => (string?)d).ToList();
        foreach (var d in dirs)
            if (d is not null && !Directory.Exists(d)) throw new ArgumentException($"--aof-dir '{d}' does not exist.");
        return [.. dirs.SelectMany(d => ms.Select(m => new StoreRegime(m, d)))];
    }

    public string Label() =>
        string.Create(CultureInfo.InvariantCulture, $"+{RoundTripMs:0.##} ms, data in {Folder} ({FileSystemOf(Folder)})");

    /// <summary>A short label for tables: "+0.5 ms, tmpfs".</summary>
    public string Short() => string.Create(CultureInfo.InvariantCulture, $"+{RoundTripMs:0.##} ms, {FileSystemOf(Folder)}");

    private string Folder => AofDirectory ?? Path.GetTempPath().TrimEnd('/');

    /// <summary>The file system type of the mount holding <paramref name="path"/> (tmpfs, ext4, ...), from /proc/mounts.</summary>
    private static string FileSystemOf(string path)
    {
        try
        {
            var full = Path.GetFullPath(path).TrimEnd('/') + "/";
            return File.ReadLines("/proc/mounts")
                .Select(l => l.Split(' '))
                .Where(f => f.Length > 2 && full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal))
                .MaxBy(f => f[1].Length)?[2] ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
