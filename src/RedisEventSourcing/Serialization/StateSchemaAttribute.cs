namespace RedisEventSourcing.Serialization;

/// <summary>
/// Version of a grain state's snapshot layout. Raise it when the state class changes shape: older
/// snapshots are then ignored (the grain replays its stream and writes a new one).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StateSchemaAttribute(int version) : Attribute
{
    public int Version { get; } = version;
}
