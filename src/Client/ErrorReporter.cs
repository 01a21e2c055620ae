using Grains.Interfaces;
using Orleans.Runtime;
using Orleans.Serialization;
using RedisEventSourcing;

namespace UsersCli;

/// <summary>
/// Turns any failure into one line on stderr (what failed, whether it was applied, what to do) and
/// an exit code; never a stack trace nor a client library's diagnostics (those are in the silo's log).
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, ConnectionSettings settings, CallMetadata metadata, bool cancelled, TextWriter error)
    {
        var ex = Unwrap(exception);
        var pending = metadata.PendingCommandId;

        if (cancelled && ex is OperationCanceledException)
        {
            error.WriteLine("cancelled" + RetryAdvice(pending));
            return ExitCodes.Cancelled;
        }

        switch (ex)
        {
            case ClusterConnectionException:
                error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failure;
            case UserCommandException:
                return Refused(error, ex.Message);
            case EventStoreUnavailableException:
                return StoreUnavailable(error, ex.Message);
            case EventStoreOutcomeUnknownException:
                return OutcomeUnknown(error, ex.Message, pending);
            case UnavailableExceptionFallbackException fallback:
                // An exception whose type this client does not have, delivered with its original message.
                return Unreadable(error, fallback.ExceptionType ?? "", fallback.Message, pending);
            case TypeLoadException typeLoad:
                // Orleans could not even build a fallback: only the type's name is left.
                return Unreadable(error, typeLoad.Message, $"the silo reported an error this client cannot read ({typeLoad.Message.TrimEnd('.')})", pending);
            case EventStoreException:
                return Failed(error, ex.Message);
            case TimeoutException:
                error.WriteLine($"error: {settings.Describe()} did not answer in time" + RetryAdvice(pending)); // Orleans' message is a page of diagnostics
                return ExitCodes.Failure;
            case SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException:
                error.WriteLine($"error: lost the connection to {settings.Describe()} ({FirstLine(Innermost(ex).Message)})" + RetryAdvice(pending));
                return ExitCodes.Failure;
            default:
                return Failed(error, ex.Message);
        }
    }

    public static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner) ex = inner;
        return ex;
    }

    private static Exception Unwrap(Exception ex)
    {
        while (ex is AggregateException { InnerExceptions.Count: 1 } aggregate) ex = aggregate.InnerExceptions[0];
        return ex;
    }

    /// <summary>Recognises our own exception types by name, since their type could not be read.</summary>
    private static int Unreadable(TextWriter error, string typeName, string message, string? pending)
    {
        if (typeName.Contains(nameof(UserCommandException), StringComparison.Ordinal)) return Refused(error, message);
        if (typeName.Contains(nameof(EventStoreUnavailableException), StringComparison.Ordinal)) return StoreUnavailable(error, message);
        if (typeName.Contains(nameof(EventStoreOutcomeUnknownException), StringComparison.Ordinal)) return OutcomeUnknown(error, message, pending);
        return Failed(error, message);
    }

    private static int Refused(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.Refused;
    }

    private static int StoreUnavailable(TextWriter error, string message)
    {
        error.WriteLine($"error: the event store is unavailable: {FirstLine(message)}"); // the silo's message says the command can be retried
        return ExitCodes.StoreUnavailable;
    }

    private static int OutcomeUnknown(TextWriter error, string message, string? commandId)
    {
        // The store's message already says the outcome is unknown and to retry with the same id: add which id.
        error.WriteLine($"error: {FirstLine(message)}" + (commandId is null ? "" : $" (rerun with --command-id {commandId})"));
        return ExitCodes.OutcomeUnknown;
    }

    private static int Failed(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }

    /// <summary>The end of the one line when the command may have been applied: how to retry it safely.</summary>
    private static string RetryAdvice(string? commandId) => commandId is null
        ? ""
        : $"; the command may or may not have been applied: to retry it safely, rerun it with --command-id {commandId}";

    /// <summary>A message from elsewhere kept to its first line, so the error stays one line.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r', ' ', '.');
}
