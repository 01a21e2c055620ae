using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Users.Http.Commands;

namespace Users.Http.Errors;

/// <summary>Writes every failure of the API as problem details, with the headers a client needs to react.</summary>
internal sealed class UsersApiExceptionHandler(IProblemDetailsService problems, ILogger<UsersApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var commandKey = CommandHeaders.PendingKey(context);
        var problem = ExceptionProblems.For(exception, isCommand: commandKey is not null);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
            logger.RequestFailed(exception, context.Request.Method, context.Request.Path, problem.Type, commandKey, CommandHeaders.CorrelationIdOf(context));

        var details = new ProblemDetails
        {
            Status = problem.Status,
            Type = problem.Type,
            Title = problem.Title,
            Detail = problem.Detail,
            Instance = context.Request.Path,
        };
        if (problem.Code is not null) details.Extensions["code"] = problem.Code;
        if (problem.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (problem.RetryWithIdempotencyKey && commandKey is not null) details.Extensions["idempotencyKey"] = commandKey;

        // The exception handler cleared the response: the key must be sent again, or no retry is possible.
        if (commandKey is not null) context.Response.Headers[CommandHeaders.IdempotencyKey] = commandKey;
        context.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
