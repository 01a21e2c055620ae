using System.Diagnostics;

namespace ReadBench;

/// <summary>
/// Prints how far a long step is every few seconds (count, %, rate, ETA): plain lines rather than a
/// live bar, because the run's output usually goes to a log file.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Timer _timer;
    private long _done;

    public ProgressLine(string label, long total, TimeSpan? every = null)
    {
        _label = label;
        _total = total;
        var period = every ?? TimeSpan.FromSeconds(5);
        _timer = new Timer(_ => Print(), null, period, period);
    }

    public void Add(long count) => Interlocked.Add(ref _done, count);

    public void Set(long done) => Interlocked.Exchange(ref _done, done);

    private void Print()
    {
        var done = Interlocked.Read(ref _done);
        var seconds = _watch.Elapsed.TotalSeconds;
        var rate = done / Math.Max(seconds, 1e-3);
        var eta = rate > 0 && _total > done ? $", ETA {(_total - done) / rate:0} s" : "";
        Console.WriteLine($"    {_label}: {done:N0}/{_total:N0} ({100.0 * done / Math.Max(_total, 1):0}%), {rate:N0}/s{eta}");
    }

    public void Dispose() => _timer.Dispose();
}
