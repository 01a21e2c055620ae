using StackExchange.Redis;

namespace ScriptBench;

/// <summary>One kind of script call, with the state its next call needs (expected versions, etags).</summary>
public interface IScriptWorkload
{
    /// <summary>As named in the report.</summary>
    string Name { get; }

    /// <summary>Aggregates (streams, hashes) one call writes.</summary>
    int PerCall { get; }

    /// <summary>Loads the script; gives every aggregate its first write.</summary>
    Task PrepareAsync(IDatabase db, IServer server);

    /// <summary>One call; throws unless every aggregate of it was written.</summary>
    Task CallAsync(IDatabase db);
}
