using System.Diagnostics;

namespace WriteBench.Workloads;

/// <summary>Runs <c>count</c> operations with a fixed number of concurrent callers pulling from one counter.</summary>
public static class Callers
{
    /// <param name="operation">(operation index, caller index) → events appended.</param>
    /// <returns>Events appended, failed operations, elapsed time.</returns>
    public static async Task<(long Events, int Errors, TimeSpan Elapsed, Exception? FirstError)> RunAsync(
        int first, int count, int callers, Func<int, int, Task<int>> operation, LatencyRecorder? latencies = null)
    {
        var next = first - 1;
        var end = first + count;
        long events = 0;
        var errors = 0;
        Exception? firstError = null;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < end;)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var appended = await operation(i, caller);
                    Interlocked.Add(ref events, appended);
                    latencies?.Record(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return (events, errors, clock.Elapsed, firstError);
    }
}
