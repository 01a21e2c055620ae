namespace RedisEventSourcing.Projections;

/// <summary>
/// A projection kept as one or more copies side by side in the same store, each under its own
/// name (its rows, indexes and checkpoints carry the name): the live copy, a blue/green rebuild
/// filling beside it, copies of the system as of an instant. Which copy is live is recorded in
/// Redis (<see cref="Copies.ProjectionCatalog"/>), so every silo and query agrees.
/// </summary>
public interface IProjectionFactory
{
    /// <summary>The projection's name, and the name of its first copy.</summary>
    string Name { get; }

    /// <summary>The copy called <paramref name="copyName"/>, created empty on first use.</summary>
    IProjection Open(string copyName);
}
