namespace LocalRedis;

/// <summary>How to run a private redis-server child process.</summary>
public sealed class LocalRedisServerOptions
{
    private static readonly string[] FsyncPolicies = ["always", "everysec", "no"];

    /// <summary>Where Redis keeps its AOF, pid file and redis.log; created if missing.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    public bool AppendOnly { get; set; } = true;

    /// <summary>"everysec", "always" or "no".</summary>
    public string AppendFsync { get; set; } = "everysec";

    /// <summary>Appended verbatim to the redis-server command line, e.g. "--stream-node-max-bytes", "4096".</summary>
    public IList<string> ExtraArguments { get; set; } = [];

    /// <summary>The <c>default</c> user's password (<c>requirepass</c>); null = no password. Start and stop authenticate with it.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// More ACL users, one rule line each as in an ACL file (<c>user es-silo on &gt;secret ~es:* +xadd ...</c>);
    /// see docs/security.md for the one the silo needs.
    /// </summary>
    public IList<string> AclUsers { get; set; } = [];

    /// <summary>Serve TLS only on <see cref="Port"/>; null = plain text.</summary>
    public LocalRedisTls? Tls { get; set; }

    /// <summary>How long to wait for the server to answer PING, including loading its AOF after a restart.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("DataDirectory is required.", nameof(DataDirectory));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (pick a free one) or a TCP port.");
        }

        if (!FsyncPolicies.Contains(AppendFsync, StringComparer.Ordinal))
        {
            throw new ArgumentException($"AppendFsync must be one of {string.Join(", ", FsyncPolicies)}; was '{AppendFsync}'.", nameof(AppendFsync));
        }

        if (Password is { } password && (password.Length == 0 || password.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException("Password must be non-empty, without whitespace or control characters (it is written to an ACL file).", nameof(Password));
        }

        if (AclUsers.Any(line => !line.StartsWith("user ", StringComparison.Ordinal) || line.Contains('\n') || line.Contains('\r')))
        {
            throw new ArgumentException("Each AclUsers entry must be one ACL file line starting with 'user '.", nameof(AclUsers));
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "StartTimeout must be positive.");
        }
    }
}
