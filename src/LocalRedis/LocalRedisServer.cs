using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalRedis;

/// <summary>
/// A private redis-server child process bound to 127.0.0.1, for a silo without configured Redis, tests and benchmarks.
/// Stop, kill and restart keep the port and the data directory, so a test can take Redis away and bring it back.
/// </summary>
public sealed class LocalRedisServer : IAsyncDisposable
{
    private const string InstallHint = "Install Redis with `apt-get install -y redis-server` and make sure redis-server is on PATH.";
    private const int FreePortAttempts = 3;
    private const int TailLines = 20;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly LocalRedisServerOptions _options;
    private readonly ILogger _logger;
    private readonly string _executable;
    private readonly string? _setsid;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Process? _process;

    private LocalRedisServer(LocalRedisServerOptions options, ILogger logger, string executable, string? setsid, string dataDirectory)
    {
        _options = options;
        _logger = logger;
        _executable = executable;
        _setsid = setsid;
        DataDirectory = dataDirectory;
    }

    public int Port { get; private set; }

    /// <summary>
    /// How to reach the server as its <c>default</c> (administrator) user: with the password and
    /// <c>ssl=true</c> when configured. A TLS client must also trust <see cref="LocalRedisTls.CaFile"/>.
    /// </summary>
    public string ConnectionString => $"127.0.0.1:{Port}"
        + (_options.Password is { } password ? $",password={password}" : "")
        + (_options.Tls is null ? "" : ",ssl=true");

    /// <summary>The address alone, without credentials: what logs may show.</summary>
    public string Address => $"127.0.0.1:{Port}";

    private RedisWire.Target WireTarget => new(Port, _options.Password, _options.Tls);

    /// <summary>Absolute path of the data directory.</summary>
    public string DataDirectory { get; }

    public string LogFile => Path.Combine(DataDirectory, "redis.log");

    public bool IsRunning => _process is { HasExited: false };

    private string PidFile => Path.Combine(DataDirectory, "redis.pid");

    /// <summary>Starts redis-server and returns once it answers PING.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not on PATH, exited early or did not answer in time.</exception>
    public static async Task<LocalRedisServer> StartAsync(LocalRedisServerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var executable = FindOnPath("redis-server")
            ?? throw new InvalidOperationException($"redis-server was not found on PATH ({Environment.GetEnvironmentVariable("PATH")}). {InstallHint}");
        // Outside its own session, the Ctrl+C meant for the host would reach Redis too and stop it while the silo still writes.
        var setsid = OperatingSystem.IsWindows() ? null : FindOnPath("setsid");
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var server = new LocalRedisServer(options, logger ?? NullLogger.Instance, executable, setsid, dataDirectory);
        await server.StartFirstTimeAsync(cancellationToken);
        return server;
    }

    /// <summary>Graceful stop: SHUTDOWN flushes and fsyncs the AOF; kills the process if it does not exit in time.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>SIGKILL, as a crash would: whatever the fsync policy had not yet written is lost.</summary>
    public async Task KillAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            var process = DetachProcess();
            if (process is null)
            {
                return;
            }

            using (process)
            {
                var pid = process.Id;
                await KillAndWaitAsync(process);
                _logger.Killed(pid, Port);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server if it still runs, then starts it again on the same port and data directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync();
            var failure = await TryLaunchAsync(cancellationToken);
            if (failure is not null)
            {
                throw new InvalidOperationException(failure.Value.Message);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartFirstTimeAsync(CancellationToken cancellationToken)
    {
        var attempts = _options.Port == 0 ? FreePortAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            Port = _options.Port == 0 ? FreeTcpPort.Pick() : _options.Port;
            var failure = await TryLaunchAsync(cancellationToken);
            if (failure is null)
            {
                return;
            }

            // The port was free when picked, but someone may have bound it before Redis did.
            if (!failure.Value.PortTaken || attempt == attempts)
            {
                throw new InvalidOperationException(failure.Value.Message);
            }

            _logger.RetryingOnAnotherPort(Port, attempt, attempts);
        }
    }

    /// <summary>Returns null once the new process answers PING, otherwise why not and whether its port was taken.</summary>
    private async Task<(string Message, bool PortTaken)?> TryLaunchAsync(CancellationToken cancellationToken)
    {
        ThrowIfAnotherServerUsesDataDirectory();

        var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
        var output = new Queue<string>();
        var process = new Process { StartInfo = CreateStartInfo(), EnableRaisingEvents = true };
        // Fatal config errors go to stderr, before Redis opens its log file.
        process.OutputDataReceived += (_, e) => Remember(output, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var fileName = process.StartInfo.FileName;
            process.Dispose();
            throw new InvalidOperationException($"Could not start {fileName}: {e.Message}. {InstallHint}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        string? failure = null;
        try
        {
            var elapsed = Stopwatch.StartNew();
            while (failure is null)
            {
                if (process.HasExited)
                {
                    failure = $"redis-server exited with code {process.ExitCode} before answering PING on {Address}.";
                    break;
                }

                var remaining = _options.StartTimeout - elapsed.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    failure = $"redis-server did not answer PING on {Address} within {_options.StartTimeout}.";
                    break;
                }

                var pid = await RedisWire.TryGetReadyServerPidAsync(WireTarget, remaining < ProbeTimeout ? remaining : ProbeTimeout, cancellationToken);
                if (pid == process.Id)
                {
                    _process = process;
                    var readyPid = process.Id;
                    process.Exited += (_, _) => OnExited(process, readyPid);
                    _logger.Started(process.Id, Port, DataDirectory, _options.AppendOnly, _options.AppendFsync);
                    return null;
                }

                await Task.Delay(ProbeInterval, cancellationToken);
            }
        }
        catch
        {
            // Cancelled (or worse): leave no half-started server behind.
            await KillAndWaitAsync(process);
            process.Dispose();
            throw;
        }

        await KillAndWaitAsync(process);
        process.Dispose();
        var logTail = ReadLogTail(logOffset);
        var portTaken = logTail.Any(line => line.Contains("Address already in use", StringComparison.Ordinal));
        return (DescribeFailure(failure, logTail, output), portTaken);
    }

    private ProcessStartInfo CreateStartInfo()
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = _setsid ?? _executable,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        if (_setsid is not null)
        {
            startInfo.ArgumentList.Add(_executable);
        }

        var port = Port.ToString(CultureInfo.InvariantCulture);
        string[] listen = _options.Tls is { } tls
            // TLS only: no plain-text port at all, so nothing can talk to it unencrypted.
            ? ["--port", "0", "--tls-port", port, "--tls-cert-file", tls.CertificateFile, "--tls-key-file", tls.KeyFile,
               "--tls-ca-cert-file", tls.CaFile, "--tls-auth-clients", "no"]
            : ["--port", port];
        var aclFile = LocalRedisAccess.WriteAclFile(_options, DataDirectory);
        string[] access = aclFile is null ? [] : ["--aclfile", aclFile];
        string[] arguments =
        [
            .. listen,
            .. access,
            "--bind", "127.0.0.1",
            "--dir", DataDirectory,
            "--appendonly", _options.AppendOnly ? "yes" : "no",
            "--appendfsync", _options.AppendFsync,
            // No RDB snapshots: the AOF alone is the durability story.
            "--save", "",
            "--daemonize", "no",
            "--protected-mode", "no",
            "--logfile", LogFile,
            // Lets the next start notice a server left running on this directory by a process that died.
            "--pidfile", PidFile,
        ];
        foreach (var argument in arguments.Concat(_options.ExtraArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private async Task StopCoreAsync()
    {
        var process = DetachProcess();
        if (process is null)
        {
            return;
        }

        using (process)
        {
            var pid = process.Id;
            if (!process.HasExited)
            {
                var refusal = await RedisWire.TryShutdownAsync(WireTarget, StopTimeout);
                if (refusal is not null && !process.HasExited)
                {
                    _logger.ShutdownRefused(pid, Port, refusal);
                    await KillAndWaitAsync(process);
                }
                else if (!await WaitForExitAsync(process, StopTimeout))
                {
                    _logger.ShutdownTimedOut(pid, Port, StopTimeout);
                    await KillAndWaitAsync(process);
                }
            }

            _logger.Stopped(pid, Port, process.ExitCode);
        }
    }

    /// <summary>Forgets the current process first, so that its exit is not reported as unexpected.</summary>
    private Process? DetachProcess() => Interlocked.Exchange(ref _process, null);

    private void OnExited(Process process, int pid)
    {
        if (!ReferenceEquals(Volatile.Read(ref _process), process))
        {
            return;
        }

        try
        {
            _logger.ExitedUnexpectedly(pid, Port, process.ExitCode, LogFile);
        }
        catch (InvalidOperationException)
        {
            // A concurrent stop disposed it in the meantime: then the exit was expected after all.
        }
    }

    private void ThrowIfAnotherServerUsesDataDirectory()
    {
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            return;
        }

        try
        {
            using var other = Process.GetProcessById(pid);
            if (other.HasExited || !other.ProcessName.StartsWith("redis", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // No such process: the pid file is a leftover of a killed server.
            return;
        }

        throw new InvalidOperationException(
            $"Another redis-server (pid {pid}) already uses {DataDirectory} (see {PidFile}), perhaps left running by a process that died; "
            + $"two servers on one AOF would corrupt it. Stop it (kill {pid}) or use another data directory.");
    }

    private string DescribeFailure(string reason, List<string> logTail, Queue<string> output)
    {
        var message = new StringBuilder(reason).AppendLine();
        message.AppendLine(logTail.Count > 0 ? $"Last lines of {LogFile}:" : $"{LogFile} has nothing for this start.");
        foreach (var line in logTail)
        {
            message.Append("  ").AppendLine(line);
        }

        lock (output)
        {
            if (output.Count > 0)
            {
                message.AppendLine("redis-server printed:");
                foreach (var line in output)
                {
                    message.Append("  ").AppendLine(line);
                }
            }
        }

        return message.Append(InstallHint).ToString();
    }

    /// <summary>The last lines this start wrote: the log file is shared with earlier starts on the same directory.</summary>
    private List<string> ReadLogTail(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(offset <= stream.Length ? offset : 0, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd()
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .TakeLast(TailLines)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static void Remember(Queue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > TailLines)
            {
                output.Dequeue();
            }
        }
    }

    private static async Task KillAndWaitAsync(Process process)
    {
        try
        {
            // The whole tree, so that an AOF rewrite child does not outlive its parent.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await process.WaitForExitAsync();
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(directory => Path.Combine(directory, fileName)).FirstOrDefault(File.Exists);
    }
}
