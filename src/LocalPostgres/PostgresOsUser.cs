namespace LocalPostgres;

/// <summary>
/// Who runs initdb and the server. PostgreSQL refuses to run as root, so as root the tools run as
/// the <c>postgres</c> user (which Debian's package creates; a machine with the binaries but no
/// such user gets one here, as the package would have made it).
/// </summary>
internal static class PostgresOsUser
{
    public const string Name = "postgres";

    public static bool IsRoot => Environment.UserName == "root";

    public static async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        if (!IsRoot || await ToolProcess.SucceedsAsync("id", ["-u", Name], cancellationToken))
        {
            return;
        }

        await ToolProcess.RunAsync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", Name], cancellationToken);
    }

    /// <summary>The command line that runs <paramref name="executable"/> as the cluster's owner.</summary>
    public static (string File, string[] Arguments) AsOwner(string executable, IEnumerable<string> arguments) =>
        IsRoot ? ("runuser", ["-u", Name, "--", executable, .. arguments]) : (executable, [.. arguments]);
}
