using RedisEventSourcing;

namespace UsersCli;

/// <summary>
/// The command metadata of one CLI invocation, put into the Orleans <c>RequestContext</c> (through
/// <see cref="CommandMetadata.Set"/>) right before each grain call.
/// </summary>
internal sealed class CallMetadata(string? givenCommandId, string correlationId, string actor)
{
    private int _steps;

    public string CorrelationId { get; } = correlationId;
    public string Actor { get; } = actor;

    /// <summary>The command id of the state-changing call begun and not finished (the retry advice names it).</summary>
    public string? PendingCommandId { get; private set; }

    /// <summary>
    /// Sets the metadata for a state-changing call in the current async flow and returns its command id:
    /// the --command-id given, or a new Guid v7. A multi-step invocation (the demo) passes
    /// <paramref name="multiStep"/> so each step gets its own id (<c>&lt;given&gt;-&lt;n&gt;</c> when one was given).
    /// </summary>
    public string BeginCommand(bool multiStep = false)
    {
        var step = Interlocked.Increment(ref _steps);
        var commandId = givenCommandId is null ? Guid.CreateVersion7().ToString()
            : multiStep ? $"{givenCommandId}-{step}"
            : givenCommandId;
        CommandMetadata.Set(commandId: commandId, correlationId: CorrelationId, actor: Actor);
        PendingCommandId = commandId;
        return commandId;
    }

    /// <summary>The state-changing call begun last has answered.</summary>
    public void EndCommand() => PendingCommandId = null;

    /// <summary>Sets the metadata for a read: correlation id and actor, no command id.</summary>
    public void BeginQuery()
    {
        CommandMetadata.Set(correlationId: CorrelationId, actor: Actor);
    }
}
