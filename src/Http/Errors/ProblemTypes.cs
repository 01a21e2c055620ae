namespace Users.Http.Errors;

/// <summary>
/// The <c>type</c> URIs of the API's problem details (RFC 9457): stable, relative, one per kind of
/// answer a client may act on differently (fix the request, retry as is, retry with the key).
/// </summary>
public static class ProblemTypes
{
    public const string InvalidInput = "/problems/invalid-input";
    public const string UserNotFound = "/problems/user-not-found";
    public const string UserAlreadyExists = "/problems/user-already-exists";
    public const string UserDeactivated = "/problems/user-deactivated";
    public const string Conflict = "/problems/conflict";
    public const string EventStoreUnavailable = "/problems/event-store-unavailable";
    public const string OutcomeUnknown = "/problems/outcome-unknown";
    public const string ClusterUnavailable = "/problems/cluster-unavailable";
    public const string EventStoreError = "/problems/event-store-error";
    public const string Internal = "/problems/internal";
}
