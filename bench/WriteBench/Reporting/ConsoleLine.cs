using System.Globalization;

namespace WriteBench.Reporting;

public static class ConsoleLine
{
    public static string Format(RunResult r, RunResult? ours)
    {
        var ratio = ours is null || ReferenceEquals(r, ours) ? "" : $"  ours/this = {ours.CommandsPerSecond / r.CommandsPerSecond:0.00}x";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Target,-30} {r.CommandsPerSecond,9:N0} cmd/s {r.EventsPerSecond,9:N0} ev/s  p50 {r.P50Ms,7:0.00} ms  p99 {r.P99Ms,7:0.00} ms  cpu silo {Fmt(r.SiloCpu)} client {Fmt(r.ClientCpu)} store {Fmt(r.StoreCpu)}  B/user {Fmt(r.BytesPerUser, "0")} B/event {Fmt(r.BytesPerEvent, "0")}{(r.Errors > 0 ? $"  errors {r.Errors}" : "")}{ratio}");
    }

    public static string Fmt(double? v, string format = "0.0") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-";
}
