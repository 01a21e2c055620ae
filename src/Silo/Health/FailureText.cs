using RedisEventSourcing.Options;
using StackExchange.Redis;

namespace Silo.Health;

/// <summary>
/// A failed check's reason as one line without secrets: a health answer may be read by anyone who
/// reaches the port, and StackExchange.Redis appends its diagnostics (endpoints, pool counters)
/// after the first ';', which the silo's log already has.
/// </summary>
internal static class FailureText
{
    public static string OneLine(Exception e, ConfigurationOptions? redis)
    {
        var message = e.Message;
        var cut = message.IndexOfAny([';', '\n']);
        if (cut > 0) message = message[..cut];
        return RedisSecrets.Scrub(message, redis);
    }
}
