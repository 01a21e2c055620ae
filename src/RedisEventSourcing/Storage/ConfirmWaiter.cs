using System.Runtime.ExceptionServices;

namespace RedisEventSourcing.Storage;

/// <summary>
/// One <c>ConfirmEvents</c> call: the events pending when it was made (by sequence), and the error
/// that dropped any of them. A confirm whose events were dropped fails, whoever's write failed.
/// </summary>
internal sealed class ConfirmWaiter(long firstSequence, long lastSequence)
{
    private ExceptionDispatchInfo? _failure;

    public bool Covers(long first, long last) => first <= lastSequence && last >= firstSequence;

    public void Fail(Exception e) => _failure ??= ExceptionDispatchInfo.Capture(e);

    public void ThrowIfFailed() => _failure?.Throw();
}
