using System.Globalization;
using LocalRedis;

namespace LocalPostgres;

/// <summary>
/// A private PostgreSQL cluster: initdb in a temp folder, a server on a free 127.0.0.1 port with
/// trust authentication for the <c>postgres</c> role, stopped and deleted on dispose. It runs where
/// the system PostgreSQL is down or absent, and never touches it.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    internal const string InstallHint = "Install PostgreSQL 15 with `apt-get install -y postgresql-15` (./test.sh does).";
    private const int FreePortAttempts = 3;

    private readonly LocalPostgresOptions _options;

    private LocalPostgresCluster(LocalPostgresOptions options, string directory)
    {
        _options = options;
        Directory = directory;
    }

    public int Port { get; private set; }

    /// <summary>Holds <c>data/</c>, the server log and its Unix socket.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string LogFile => Path.Combine(Directory, "postgres.log");

    /// <summary>The postmaster's process id (its backends are its children).</summary>
    public int Pid => int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={PostgresOsUser.Name};Database={database}";

    /// <exception cref="InvalidOperationException">The binaries are missing, or the server did not start.</exception>
    public static async Task<LocalPostgresCluster> StartAsync(LocalPostgresOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalPostgresOptions();
        options.Validate();
        if (!File.Exists(Path.Combine(options.BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"initdb was not found in {options.BinDirectory}. {InstallHint}");
        }

        await PostgresOsUser.EnsureExistsAsync(cancellationToken);
        var directory = Path.Combine(options.ParentDirectory ?? Path.GetTempPath(), "local-pg-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var cluster = new LocalPostgresCluster(options, directory);
        try
        {
            await cluster.InitAndStartAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes either way.
            }
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task InitAndStartAsync(CancellationToken cancellationToken)
    {
        if (PostgresOsUser.IsRoot)
        {
            await ToolProcess.RunAsync("chown", [$"{PostgresOsUser.Name}:{PostgresOsUser.Name}", Directory], cancellationToken);
        }

        // --no-sync: a throwaway cluster need not survive a power cut between initdb and first start.
        await PgAsync("initdb", ["-D", DataDirectory, "-A", "trust", "-U", PostgresOsUser.Name, "--no-sync", "-E", "UTF8", "--locale", _options.Locale], cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Pick();
            var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            try
            {
                await PgAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", ((int)_options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "start", "-o", ServerArguments()], cancellationToken);
                return;
            }
            catch (InvalidOperationException) when (attempt < FreePortAttempts && PortWasTaken(logOffset))
            {
                // The port was free when picked, but someone bound it before the server did: pick another.
            }
        }
    }

    private string ServerArguments()
    {
        // pg_ctl hands -o to the server through a shell, so every value is single-quoted.
        var settings = new Dictionary<string, string>(_options.Settings, StringComparer.Ordinal)
        {
            ["port"] = Port.ToString(CultureInfo.InvariantCulture),
            ["listen_addresses"] = "127.0.0.1",
            ["unix_socket_directories"] = Directory,
        };
        return string.Join(' ', settings.Select(s => $"-c '{s.Key}={s.Value.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
    }

    /// <summary>Reads only what this start wrote: earlier attempts share the log file.</summary>
    private bool PortWasTaken(long logOffset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(logOffset, stream.Length), SeekOrigin.Begin);
            return new StreamReader(stream).ReadToEnd().Contains("could not bind", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private Task<string> PgAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var (file, args) = PostgresOsUser.AsOwner(Path.Combine(_options.BinDirectory, tool), arguments);
        return ToolProcess.RunAsync(file, args, cancellationToken);
    }
}
