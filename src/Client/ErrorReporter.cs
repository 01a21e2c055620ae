using Grains.Interfaces;
using Orleans.Runtime;
using Orleans.Serialization;
using RedisEventSourcing;

namespace UsersCli;

/// <summary>Turns any failure into one or two lines on stderr and an exit code; never a stack trace.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, ConnectionSettings settings, CallMetadata metadata, bool cancelled, TextWriter error)
    {
        var ex = Unwrap(exception);
        var pending = metadata.PendingCommandId;

        if (cancelled && ex is OperationCanceledException)
        {
            error.WriteLine("cancelled");
            if (pending is not null) WriteRetryAdvice(error, pending);
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
                // A type this client cannot deserialize: recognise ours by name, otherwise keep the message.
                return ShortTypeName(fallback.ExceptionType) switch
                {
                    nameof(UserCommandException) => Refused(error, fallback.Message),
                    nameof(EventStoreUnavailableException) => StoreUnavailable(error, fallback.Message),
                    nameof(EventStoreOutcomeUnknownException) => OutcomeUnknown(error, fallback.Message, pending),
                    var name => Failed(error, $"{name}: {fallback.Message}"),
                };
            case EventStoreException:
                return Failed(error, ex.Message);
            case TimeoutException:
                error.WriteLine($"error: {settings.Describe()} did not answer in time ({ex.Message.TrimEnd('.')})");
                if (pending is not null) WriteRetryAdvice(error, pending);
                return ExitCodes.Failure;
            case SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException:
                error.WriteLine($"error: lost the connection to {settings.Describe()} ({Innermost(ex).Message.TrimEnd('.')})");
                if (pending is not null) WriteRetryAdvice(error, pending);
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

    private static string ShortTypeName(string? typeName)
    {
        if (string.IsNullOrEmpty(typeName)) return "unknown error";
        var name = typeName.Split(',')[0].Trim(); // drop an assembly qualification
        var dot = name.LastIndexOfAny(['.', '+']);
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    private static int Refused(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.Refused;
    }

    private static int StoreUnavailable(TextWriter error, string message)
    {
        error.WriteLine($"error: the event store is unavailable: {message}");
        error.WriteLine("nothing was changed; the command can be retried as it is.");
        return ExitCodes.StoreUnavailable;
    }

    private static int OutcomeUnknown(TextWriter error, string message, string? commandId)
    {
        error.WriteLine($"error: {message}");
        if (commandId is not null) WriteRetryAdvice(error, commandId);
        return ExitCodes.OutcomeUnknown;
    }

    private static int Failed(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }

    private static void WriteRetryAdvice(TextWriter error, string commandId)
    {
        error.WriteLine("the command may or may not have been applied. To retry it safely, rerun it with:");
        error.WriteLine($"  --command-id {commandId}");
    }
}
