namespace Silo.Security;

/// <summary>
/// The least-privilege Redis ACL rules of a silo (and of users-cli with <c>--redis</c>): the key
/// patterns of the event store, the read models and the Orleans membership table, the one channel
/// StackExchange.Redis subscribes to, and the commands the code and its Lua scripts send (scripts
/// run under the caller's ACL too). docs/security.md explains each; a test keeps that page equal
/// to <see cref="Rules"/>.
/// </summary>
public static class SiloRedisAcl
{
    /// <summary>Connection set-up by StackExchange.Redis: AUTH/HELLO, names, INFO and CLUSTER for the server type.</summary>
    public const string Handshake = "+hello +auth +ping +echo +select +quit +client|id +client|setname +info +cluster|nodes +cluster|slots +asking +readonly +subscribe +unsubscribe";

    /// <summary>Scripts (append, clear, resync, read-model apply, membership), transactions (catalog), clock and replica acknowledgement.</summary>
    public const string Control = "+eval +evalsha +script|load +multi +exec +discard +watch +unwatch +time +wait";

    /// <summary>The data commands, including those only the Lua scripts call.</summary>
    public const string Data = "+del +unlink +scan "
        + "+xadd +xrange +xrevrange +xread +xlen +xdel "
        + "+hget +hset +hsetnx +hmset +hgetall +hdel +hexists +hincrby "
        + "+zadd +zrem +zrangebylex";

    /// <summary>
    /// The rules after <c>user &lt;name&gt; on &gt;&lt;password&gt;</c>: <paramref name="keyPrefix"/> is
    /// <c>EventStore:KeyPrefix</c>, <paramref name="readModelPrefix"/> the Redis read model's, and
    /// <paramref name="serviceId"/> <c>Orleans:ServiceId</c> (the membership table is <c>{serviceId}/members/{clusterId}</c>).
    /// </summary>
    public static string Rules(string keyPrefix = "es", string readModelPrefix = "rm", string serviceId = "users") =>
        $"resetkeys ~{keyPrefix}:* ~{readModelPrefix}:* ~{serviceId}/members/* resetchannels &__Booksleeve_MasterChanged -@all {Handshake} {Control} {Data}";

    /// <summary>A whole ACL-file line for <paramref name="user"/>.</summary>
    public static string UserLine(string user, string password, string keyPrefix = "es", string readModelPrefix = "rm", string serviceId = "users") =>
        $"user {user} on >{password} {Rules(keyPrefix, readModelPrefix, serviceId)}";
}
