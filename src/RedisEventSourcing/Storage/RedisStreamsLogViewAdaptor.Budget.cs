using System.Diagnostics;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The call that activates a grain waits for all of the activation's reads of the log (the
/// provider's, then the one <c>JournaledGrain.OnActivateAsync</c> asks for) and then for its own
/// command: all of them come out of one <see cref="OperationBudget"/>, so that caller too has its
/// answer within the operation timeout (reads slowed by a failover no longer add a whole timeout
/// each before the write's own).
/// </summary>
internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    /// <summary>
    /// Orleans goes on with the activation, then runs the activating call, as soon as each step is
    /// done. A step that starts this soon after the previous one ended is taken to be the same
    /// caller's; a later one is another call's and gets a budget of its own. Guessing wrong only
    /// shortens a budget: nobody waits longer.
    /// </summary>
    private static readonly TimeSpan ActivationHandOff = TimeSpan.FromSeconds(1);

    private OperationBudget? _activationBudget;
    private long _activationStepEnded;

    private async Task ActivateAsync()
    {
        var budget = OperationBudget.Start(_store.Connection.Options.OperationTimeout);
        await EnsureReadAsync(budget);
        HandOn(budget);
    }

    /// <summary>The activation's budget if this step follows one of its steps at once (true), else a new one.</summary>
    private bool ContinuesActivation(out OperationBudget budget)
    {
        if (_activationBudget is { } activation && Stopwatch.GetElapsedTime(_activationStepEnded) < ActivationHandOff)
        {
            budget = activation;
            return true;
        }
        _activationBudget = null;
        budget = OperationBudget.Start(_store.Connection.Options.OperationTimeout);
        return false;
    }

    /// <summary>A step of the activation ended: the next one, if it comes at once, goes on with this budget.</summary>
    private void HandOn(OperationBudget budget)
    {
        _activationBudget = budget;
        _activationStepEnded = Stopwatch.GetTimestamp();
    }

    /// <summary>A write ends the activation's hand-off: the caller's command is the last step it covers.</summary>
    private OperationBudget WriteBudget()
    {
        ContinuesActivation(out var budget);
        _activationBudget = null;
        return budget;
    }
}
