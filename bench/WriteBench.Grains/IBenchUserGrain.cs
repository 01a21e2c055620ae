using RedisEventSourcing.Tracing;
using Grains.Interfaces;

namespace WriteBench.Grains;

/// <summary>The user commands of <see cref="IUserGrain"/>, served by a bench copy of the user logic over another log-consistency provider.</summary>
public interface IBenchUserGrain : IGrainWithStringKey
{
    [Traced]
    Task<int> Create(string name, string? email = null);

    [Traced]
    Task<int> Rename(string name);

    [Traced]
    Task<int> ChangeEmail(string email);

    [Traced]
    Task<int> ChangeAddress(string address);

    /// <summary>Loads a long history fast: raises <paramref name="count"/> renames and confirms them in one write.</summary>
    [Traced]
    Task<int> Seed(string name, int count);
}

/// <summary>The user logic over Orleans' <c>LogStorage</c> provider (the whole event list is one grain-storage record).</summary>
public interface ILogStorageUserGrain : IBenchUserGrain;

/// <summary>The user logic over Orleans' <c>StateStorage</c> provider (the folded state is one grain-storage record).</summary>
public interface IStateStorageUserGrain : IBenchUserGrain;

/// <summary>The same logic over our Redis Streams provider (the registration src/Silo makes).</summary>
public interface IOursBenchUserGrain : IBenchUserGrain;
