using Orleans.Runtime;

namespace RedisEventSourcing.Tracing;

/// <summary>
/// Marks a grain method whose calls get a server span when traced (<see cref="IIncomingCallTracer"/>).
/// It swaps the base class of the method's generated request (as Orleans' own <c>[Transaction]</c>
/// does) instead of adding a silo-wide incoming call filter: with any such filter registered,
/// Orleans runs every grain call through its filter pipeline, which cost a few percent of
/// throughput where the silo is the busy party (docs/observability.md, Cost). A request of a marked
/// method asks the tracer once; an untraced call then runs exactly as an unmarked one.
/// </summary>
[InvokableBaseType(typeof(GrainReference), typeof(Task), typeof(TracedTaskRequest))]
[InvokableBaseType(typeof(GrainReference), typeof(Task<>), typeof(TracedTaskRequest<>))]
[AttributeUsage(AttributeTargets.Method)]
public sealed class TracedAttribute : Attribute;
