namespace RedisEventSourcing.Options;

/// <summary>
/// Stands in, in a log line, for an exception whose text quoted a Redis password or user name:
/// the same type name, message, inner exceptions and stack traces as the original's
/// <c>ToString()</c>, with the secrets masked (<see cref="RedisSecrets.Redact"/>). Log providers
/// print an exception with <c>ToString()</c>, so that is what is overridden.
/// </summary>
public sealed class RedactedException(string originalType, string message, string redactedText) : Exception(message)
{
    /// <summary>The full name of the exception this one stands for.</summary>
    public string OriginalType { get; } = originalType;

    public override string? StackTrace => null;

    public override string ToString() => redactedText;
}
