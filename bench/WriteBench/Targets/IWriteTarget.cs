using WriteBench.Reporting;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>A system the write path is measured on; each run starts from a fresh, empty store.</summary>
public interface IWriteTarget
{
    string Name { get; }

    bool Supports(WorkloadKind kind);

    /// <summary>One result per system measured (a pair measured side by side gives two).</summary>
    Task<IReadOnlyList<RunResult>> RunAsync(Scenario scenario, Durability durability, int repetition);
}
