namespace Users.Http.Errors;

/// <summary>What the API answers for one failure: a status, a problem type, and whether to invite a retry.</summary>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c>: the failure is transient and nothing was appended.</param>
/// <param name="RetryWithIdempotencyKey">The command may have been applied: the answer names the key to retry with.</param>
public sealed record ApiProblem(
    int Status,
    string Type,
    string Title,
    string? Detail,
    string? Code = null,
    int? RetryAfterSeconds = null,
    bool RetryWithIdempotencyKey = false);
