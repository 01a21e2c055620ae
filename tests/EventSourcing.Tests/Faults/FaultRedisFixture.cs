using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// A private redis-server per fault test class, with <c>appendfsync always</c>: these tests kill,
/// pause and restart it, and an acknowledged append must survive a kill -9.
/// </summary>
public sealed class FaultRedisFixture : RedisServerFixture
{
    public FaultRedisFixture() : base(alwaysPrivate: true, appendFsync: "always") { }

    /// <summary>redis-server's pid, from its pid file (for SIGSTOP / SIGCONT).</summary>
    public int Pid => int.Parse(File.ReadAllText(Path.Combine(Server!.DataDirectory, "redis.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Freezes redis-server (SIGSTOP): connections stay open, nothing answers, as a stalled host.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {Pid} failed ({kill.ExitCode}).");
    }
}
