using ReplayBench;

namespace ReadBench;

/// <summary>Everything one run measured, for <see cref="ReportWriter"/>.</summary>
public sealed class RunReport
{
    public required BenchOptions Options { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public TimeSpan Duration { get; set; }
    public MachineInfo? Machine { get; set; }
    public string LoadBefore { get; init; } = "?";
    public string? LoadBeforeRebuilds { get; set; }
    public string? LoadAfterRebuilds { get; set; }
    public string? LoadBeforeLive { get; set; }
    public string? LoadAfterLive { get; set; }
    public TimeSpan RedisLoad { get; set; }
    public string? RedisUsedMemory { get; set; }
    public TimeSpan MartenLoad { get; set; }
    public List<RawResult> Raw { get; } = [];
    public List<RebuildResult> Rebuilds { get; } = [];
    public List<MartenResult> Marten { get; } = [];
    public List<LiveRun> Live { get; } = [];
}
