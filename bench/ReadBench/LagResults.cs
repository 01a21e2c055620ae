namespace ReadBench;

/// <summary>Append-to-read-model lag of one projection during a live run.</summary>
public sealed record LagResult(string Run, string Projection, string Model, long Events, double P50Ms, double P99Ms, double MaxMs, double MeanMs);

/// <summary>What the open-loop driver achieved: commands issued on schedule, completed, and how long they took.</summary>
public sealed record DriveResult(double TargetRate, TimeSpan Duration, long Issued, long Completed, long Failed, double P50Ms, double P99Ms, double MaxMs, double MaxIssueSlipMs, string? FirstError)
{
    public double AchievedRate => Completed / Duration.TotalSeconds;
}

/// <summary>One live run: the driver's figures, each projection's lag, and the CPU the processes used.</summary>
public sealed record LiveRun(string Name, int Users, DriveResult Drive, IReadOnlyList<LagResult> Lags, CpuSample Cpu, string LoadAverage);
