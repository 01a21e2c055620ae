using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench.Reporting;

public sealed record Report(
    BenchSettings Settings,
    IReadOnlyList<MemoryProbeResult> Probes,
    StreamNodeSettings StreamNodes,
    IReadOnlyList<RunResult> Results,
    DateTimeOffset Started,
    DateTimeOffset Finished);
