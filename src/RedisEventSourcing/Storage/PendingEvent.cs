using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

/// <summary>An event raised but not yet confirmed, with what the raising call's context said about it.</summary>
internal sealed class PendingEvent<TEntry>(TEntry entry, int conditionalPosition, TaskCompletionSource<bool>? promise, CommandContextSnapshot context, long sequence)
{
    public const int Unconditional = -1;

    public TEntry Entry { get; } = entry;

    /// <summary>The version the log must be at for this event to be appended (<see cref="Unconditional"/> = any).</summary>
    public int ConditionalPosition { get; } = conditionalPosition;

    public TaskCompletionSource<bool>? Promise { get; } = promise;

    public CommandContextSnapshot Context { get; } = context;

    /// <summary>Order of raising in this activation (1, 2, ...): what a confirm waits for.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>
    /// Raised under a command id the log did not hold yet. Only such an event is a duplicate if
    /// another writer then lands that command id; once this activation writes the command id
    /// itself, later raises of the same command are its own and never dropped.
    /// </summary>
    public bool MayDuplicateOtherWriter { get; set; }

    /// <summary>
    /// Given at the first attempt and kept for every retry: a retry whose earlier attempt did land
    /// (the outcome was unknown) is recognised by it in the log, and not appended twice.
    /// </summary>
    public string? EventId { get; set; }

    public bool IsConditional => ConditionalPosition != Unconditional;
}
