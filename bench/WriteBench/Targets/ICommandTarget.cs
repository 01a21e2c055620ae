using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>A store driven command by command by <see cref="CommandTargetRunner"/>.</summary>
public interface ICommandTarget : IAsyncDisposable
{
    Task StartAsync(Scenario scenario, Durability durability);

    /// <summary>Creates one user with an email (two events). Returns events appended.</summary>
    Task<int> CreateUserAsync(string id, int user);

    /// <summary>Loads <paramref name="eventsPerUser"/> events for every user by the fastest honest means of this store.</summary>
    Task SeedAsync(IReadOnlyList<string> ids, int eventsPerUser);

    /// <summary>Runs one command and returns once the store has it durably; returns events appended.</summary>
    Task<int> ExecuteAsync(Command command, int caller);

    /// <summary>Per-process CPU seconds now: silo, client (this process), store.</summary>
    (double? Silo, double Client, double Store) Cpu();

    long? SiloPeakWorkingSet();

    Task<(long Bytes, long? UsedMemoryDelta, string? Detail)> FootprintAsync();
}
