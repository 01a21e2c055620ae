namespace WriteBench.Workloads;

public enum WorkloadKind
{
    /// <summary>Many fresh users (created first), then commands spread over them.</summary>
    W,

    /// <summary>Few users holding a long history (loaded first), then commands over them.</summary>
    L,
}

/// <summary>One workload's sizes. Warm-up commands run first and are not measured.</summary>
public sealed record Scenario(WorkloadKind Kind, int Users, int Commands, int WarmupCommands, int Callers, int SeedEventsPerUser, double WarmupSeconds = 0)
{
    public string UserId(int user) => Kind == WorkloadKind.W ? $"user-{user:D6}" : $"long-{user:D4}";

    public string Describe() => Kind == WorkloadKind.W
        ? $"W: {Users:N0} users created (UserCreated + EmailUpdated each), then {Commands:N0} commands, {Callers} concurrent callers, {WarmupCommands:N0} warm-up commands first"
        : $"L: {Users:N0} users holding {SeedEventsPerUser:N0} events each, then {Commands:N0} commands, {Callers} concurrent callers, {WarmupCommands:N0} warm-up commands first";
}
