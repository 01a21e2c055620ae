using Grains.Interfaces;

namespace WriteBench.Grains;

/// <summary>The user commands of <see cref="IUserGrain"/>, served by a bench copy of the user logic over another log-consistency provider.</summary>
public interface IBenchUserGrain : IGrainWithStringKey
{
    Task<int> Create(string name, string? email = null);

    Task<int> Rename(string name);

    Task<int> ChangeEmail(string email);

    Task<int> ChangeAddress(string address);

    /// <summary>Loads a long history fast: raises <paramref name="count"/> renames and confirms them in one write.</summary>
    Task<int> Seed(string name, int count);
}

/// <summary>The user logic over Orleans' <c>LogStorage</c> provider (the whole event list is one grain-storage record).</summary>
public interface ILogStorageUserGrain : IBenchUserGrain;

/// <summary>The user logic over Orleans' <c>StateStorage</c> provider (the folded state is one grain-storage record).</summary>
public interface IStateStorageUserGrain : IBenchUserGrain;

/// <summary>The same logic over our Redis Streams provider (the registration src/Silo makes).</summary>
public interface IOursBenchUserGrain : IBenchUserGrain;
