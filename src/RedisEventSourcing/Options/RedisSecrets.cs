using StackExchange.Redis;

namespace RedisEventSourcing.Options;

/// <summary>
/// Redis connection settings as logs and error messages may show them: the endpoints and options,
/// never the password nor the user name (an ACL user name is half of a credential).
/// </summary>
public static class RedisSecrets
{
    public const string Mask = "*****";

    /// <summary>The connection string without credentials; <c>user=*****,password=*****</c> tell that they were set.</summary>
    public static string Describe(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        var hadUser = !string.IsNullOrEmpty(copy.User);
        var hadPassword = !string.IsNullOrEmpty(copy.Password);
        copy.User = null;
        copy.Password = null;
        return copy.ToString(includePassword: false)
            + (hadUser ? $",user={Mask}" : "")
            + (hadPassword ? $",password={Mask}" : "");
    }

    /// <summary>The connection string without credentials, or a placeholder when it does not parse (its text may hold them).</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            return Describe(ConfigurationOptions.Parse(connectionString));
        }
        catch (Exception e) when (e is ArgumentException or RedisException)
        {
            return "(unparsable Redis connection string)";
        }
    }

    /// <summary>
    /// <paramref name="text"/> with the password and user name masked: for messages built by others
    /// (StackExchange.Redis, Orleans) that we pass on.
    /// </summary>
    public static string Scrub(string text, ConfigurationOptions? options)
    {
        if (options is null) return text;
        foreach (var secret in new[] { options.Password, options.User })
        {
            if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>
    /// <paramref name="exception"/> as a log line may carry it: itself when its text holds neither
    /// the password nor the user name, else a <see cref="RedactedException"/> with them masked.
    /// Only failure paths call this, so reading the whole text each time costs nothing that matters.
    /// </summary>
    public static Exception Redact(Exception exception, ConfigurationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (options is null || (string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.User))) return exception;
        var text = exception.ToString();
        var scrubbed = Scrub(text, options);
        return string.Equals(text, scrubbed, StringComparison.Ordinal)
            ? exception
            : new RedactedException(exception.GetType().FullName ?? exception.GetType().Name, Scrub(exception.Message, options), scrubbed);
    }
}
