using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

/// <summary>An event raised but not yet confirmed, with what the raising call's context said about it.</summary>
internal sealed class PendingEvent<TEntry>(TEntry entry, int conditionalPosition, TaskCompletionSource<bool>? promise, CommandContextSnapshot context)
{
    public const int Unconditional = -1;

    public TEntry Entry { get; } = entry;

    /// <summary>The version the log must be at for this event to be appended (<see cref="Unconditional"/> = any).</summary>
    public int ConditionalPosition { get; } = conditionalPosition;

    public TaskCompletionSource<bool>? Promise { get; } = promise;

    public CommandContextSnapshot Context { get; } = context;

    public bool IsConditional => ConditionalPosition != Unconditional;
}
