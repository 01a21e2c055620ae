namespace UsersCli;

/// <summary>The process exit codes of users-cli (System.CommandLine parse errors exit non-zero on their own).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The silo could not be reached, the call failed in Orleans, or any other error.</summary>
    public const int Failure = 1;

    /// <summary>The grain refused the command (<c>UserCommandException</c>): invalid input or a business rule.</summary>
    public const int Refused = 2;

    /// <summary>The event store was unavailable; nothing was appended, the command can be retried as is.</summary>
    public const int StoreUnavailable = 3;

    /// <summary>The append's outcome is unknown; retry with the same <c>--command-id</c>.</summary>
    public const int OutcomeUnknown = 4;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
