namespace ReadBench;

/// <summary>CPU seconds of the three processes of a measurement at one instant: this process (bench + silo), redis-server, PostgreSQL (postmaster and backends).</summary>
public readonly record struct CpuSample(double Bench, double Redis, double Postgres)
{
    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Bench - b.Bench, a.Redis - b.Redis, a.Postgres - b.Postgres);
}

/// <summary>Samples <see cref="CpuSample"/>s of the run's processes.</summary>
public sealed class CpuMeter(int redisPid, int? postgresPid)
{
    public CpuSample Sample() => new(
        ProcessCpu.Self(),
        ProcessCpu.Of(redisPid, withChildren: true),
        postgresPid is { } pg ? ProcessCpu.Of(pg, withChildren: true) : 0);
}
