namespace LocalRedis;

/// <summary>
/// Who may use the private server: the <c>default</c> user's password (what start and stop
/// authenticate with) and further ACL users, written to an ACL file in the data directory (mode
/// 600) so that no password shows on the redis-server command line.
/// </summary>
internal static class LocalRedisAccess
{
    public const string FileName = "users.acl";

    /// <summary>Writes the ACL file and returns its path, or null when the server is open (no password, no users).</summary>
    public static string? WriteAclFile(LocalRedisServerOptions options, string dataDirectory)
    {
        if (options.Password is null && options.AclUsers.Count == 0) return null;
        var path = Path.Combine(dataDirectory, FileName);
        var defaultUser = options.Password is null ? "user default on nopass ~* &* +@all" : $"user default on >{options.Password} ~* &* +@all";
        var lines = new[] { defaultUser }.Concat(options.AclUsers).Select(line => line + "\n");
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, string.Concat(lines));
        return path;
    }
}
