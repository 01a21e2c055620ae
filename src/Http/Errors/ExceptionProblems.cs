using Grains.Interfaces;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using RedisEventSourcing;

namespace Users.Http.Errors;

/// <summary>
/// The one place that decides how a failure reads over HTTP; it mirrors users-cli's exit codes
/// (refused = 4xx, store unavailable = 503, outcome unknown = 503 naming the key).
/// </summary>
public static class ExceptionProblems
{
    /// <param name="isCommand">A state-changing request: a lost answer then means the outcome is unknown.</param>
    public static ApiProblem For(Exception exception, bool isCommand)
    {
        var ex = Unwrap(exception);
        return ex switch
        {
            BadHttpRequestException bad => new(bad.StatusCode, ProblemTypes.InvalidInput, "Invalid request", bad.Message),
            UserCommandException refused => ForRefusal(refused),
            // The query grain's own argument checks (page size, wait, unknown copy).
            ArgumentException argument => new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidInput, "Invalid request", argument.Message),
            EventStoreUnavailableException => new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.EventStoreUnavailable,
                "Event store unavailable", ex.Message, RetryAfterSeconds: 1),
            EventStoreOutcomeUnknownException => OutcomeUnknown(ex.Message),
            EventStoreConflictException => new(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Concurrent changes", ex.Message),
            EventStoreException => new(StatusCodes.Status500InternalServerError, ProblemTypes.EventStoreError, "Event store error", ex.Message),
            // Orleans gave up waiting, or lost the silo: for a command the append may have happened.
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException when isCommand =>
                OutcomeUnknown($"The cluster did not answer ({ex.GetType().Name}); the command may or may not have been applied."),
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException =>
                new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ClusterUnavailable, "Cluster unavailable", ex.Message, RetryAfterSeconds: 1),
            _ => new(StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "Internal error", null),
        };
    }

    private static ApiProblem ForRefusal(UserCommandException e) => e.Code switch
    {
        UserErrorCode.UserNotFound => new(StatusCodes.Status404NotFound, ProblemTypes.UserNotFound, "User not found", e.Message, e.Code.ToString()),
        UserErrorCode.UserAlreadyExists => new(StatusCodes.Status409Conflict, ProblemTypes.UserAlreadyExists, "User already exists", e.Message, e.Code.ToString()),
        UserErrorCode.UserDeactivated => new(StatusCodes.Status409Conflict, ProblemTypes.UserDeactivated, "User deactivated", e.Message, e.Code.ToString()),
        _ => new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidInput, "Invalid input", e.Message, e.Code.ToString()),
    };

    // 503 because the condition is the server's and passes; the distinct type tells a client that a
    // plain retry is not enough: only a retry with the same key is safe.
    private static ApiProblem OutcomeUnknown(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.OutcomeUnknown, "Outcome unknown", detail,
            RetryAfterSeconds: 1, RetryWithIdempotencyKey: true);

    private static Exception Unwrap(Exception ex)
    {
        while (ex is AggregateException { InnerExceptions.Count: 1 } aggregate) ex = aggregate.InnerExceptions[0];
        return ex;
    }
}
