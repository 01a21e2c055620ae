namespace WriteBench.Workloads;

/// <summary>Per-command latencies of one measured phase (Stopwatch ticks, one slot per command).</summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public void Record(long ticks) => _ticks[Interlocked.Increment(ref _count) - 1] = ticks;

    public double PercentileMs(double p)
    {
        var n = Math.Min(_count, _ticks.Length);
        if (n == 0) return double.NaN;
        var sorted = _ticks.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        var idx = (int)Math.Clamp(Math.Ceiling(p / 100.0 * n) - 1, 0, n - 1);
        return sorted[idx] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
