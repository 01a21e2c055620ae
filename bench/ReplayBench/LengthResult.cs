namespace ReplayBench;

/// <summary>Everything measured for one history length (medians over the repetitions; times in ms).</summary>
public sealed record LengthResult(
    int Events,
    int Repetitions,
    double LoadMs,
    double ActivationNoSnapshotMs,
    double ActivationSnapshotMs,
    double BestActivationSnapshotMs,
    double SnapshotWritingActivationMs,
    double RawXrangeMs,
    double PairedReplayToRaw,
    double BestActivationNoSnapshotMs,
    double BestRawXrangeMs,
    double PageLoopOutsideOrleansMs,
    double GcPauseDuringReplayMs,
    double Gen2DuringReplay,
    double ReplayAllocatedBytesPerEvent,
    double RawAllocatedBytesPerEvent,
    long PeakRssDuringReplayBytes)
{
    public double ReplayEventsPerSecond => Events / (ActivationNoSnapshotMs / 1000);

    public double RawEventsPerSecond => Events / (RawXrangeMs / 1000);

    public double PageLoopEventsPerSecond => Events / (PageLoopOutsideOrleansMs / 1000);

    public double ReplayToRaw => ReplayEventsPerSecond / RawEventsPerSecond;

    /// <summary>The same ratio from the fastest run of each: what a quiet machine would show.</summary>
    public double BestReplayToRaw => BestRawXrangeMs / BestActivationNoSnapshotMs;
}
