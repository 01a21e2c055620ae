namespace ReadBench;

/// <summary>One raw paging of all the feeds (feed only, or feed + each referenced entry).</summary>
public sealed record RawResult(RebuildSetting Setting, bool WithEntries, TimeSpan Elapsed, long Entries, CpuSample Cpu)
{
    public double Rate => Entries / Elapsed.TotalSeconds;
}

/// <summary>One rebuild of a fresh copy of one of our read models with <c>CopyBuilder</c>.</summary>
public sealed record RebuildResult(ModelKind Model, RebuildSetting Setting, TimeSpan Elapsed, long Events, TimeSpan ApplyTime, long Applies, CpuSample Cpu, string LoadAverage)
{
    public double Rate => Events / Elapsed.TotalSeconds;

    /// <summary>Share of the partition workers' time spent inside the model's apply (the rest: reading the feed, resolving entries, waiting for a turn).</summary>
    public double ApplyShare => ApplyTime.TotalSeconds / (Elapsed.TotalSeconds * Math.Min(Setting.Parallelism, 16));
}

/// <summary>One rebuild of the equivalent projection by Marten's async daemon.</summary>
public sealed record MartenResult(string Configuration, TimeSpan Elapsed, long Events, long Documents, CpuSample Cpu, string LoadAverage)
{
    public double Rate => Events / Elapsed.TotalSeconds;
}
