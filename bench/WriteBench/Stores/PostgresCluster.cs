using System.Diagnostics;
using System.Globalization;

namespace WriteBench.Stores;

/// <summary>
/// A private PostgreSQL 15 cluster (initdb in a temp dir, on a free port), started and stopped by the
/// harness so it runs where the system PostgreSQL is down. As root it runs as the postgres user.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;
    private int _databases;

    private PostgresCluster(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "writebench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var port = LocalRedis.FreeTcpPort.Pick();
        var cluster = new PostgresCluster(directory, port);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", directory);
        var data = Path.Combine(directory, "data");
        await cluster.PgAsync("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync");
        await cluster.PgAsync("pg_ctl", "-D", data, "-l", Path.Combine(directory, "log"), "-w", "start", "-o",
            $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c fsync=on -c full_page_writes=on");
        return cluster;
    }

    public int Pid => int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public double CpuSeconds() => ProcessStats.CpuSecondsWithChildren(Pid);

    /// <summary>A new empty database; the connection string sets synchronous_commit for every session.</summary>
    public async Task<string> CreateDatabaseAsync(string synchronousCommit)
    {
        var name = $"bench{++_databases}";
        await using (var conn = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres"))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=100;Options=-c synchronous_commit={synchronousCommit}";
    }

    public async ValueTask DisposeAsync()
    {
        try { await PgAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }

    private Task PgAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. args])
            : RunAsync(Path.Combine(BinDirectory, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }
}
