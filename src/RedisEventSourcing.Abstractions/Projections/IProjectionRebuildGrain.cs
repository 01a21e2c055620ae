namespace RedisEventSourcing.Projections;

/// <summary>
/// Rebuilds of one projection (the grain's key is the projection's name). A blue/green rebuild fills
/// a fresh copy from the start of the feeds while the live copy keeps serving and following; once
/// the new copy has caught up, the runners keep both current, queries switch to the new copy in
/// one step, and the old copy is dropped. A copy as of an instant is built the same way from the
/// events up to that instant and stays beside the live copy until dropped. A build runs in the
/// silo that holds this grain; an interrupted one (a cancel, a silo that died) resumes from the
/// copy's own checkpoints or is abandoned, and never touches the live copy.
/// </summary>
public interface IProjectionRebuildGrain : IGrainWithStringKey
{
    /// <summary>Starts (or with <see cref="RebuildRequest.Resume"/>, resumes) a build and returns at once; poll <see cref="Progress"/>.</summary>
    Task<RebuildProgress> Start(RebuildRequest request);

    /// <summary>Where the build running (or last run) here is.</summary>
    Task<RebuildProgress> Progress();

    /// <summary>Stops the build running here; its copy stays, to be resumed or abandoned.</summary>
    Task<RebuildProgress> Interrupt();

    /// <summary>
    /// Drops a copy that is not live: the blue/green rebuild in progress (no <paramref name="copy"/>),
    /// or the named copy (an as-of copy). A build running into it is stopped first.
    /// </summary>
    Task Abandon(string? copy = null);

    /// <summary>The projection's copies: live, the rebuild in progress, and copies as of an instant.</summary>
    Task<IReadOnlyList<ProjectionCopyView>> Copies();
}

/// <param name="AsOf">Build a separate copy from the events up to this instant (entry-id time); null: a blue/green rebuild.</param>
/// <param name="Copy">The as-of copy's name (default <c>{projection}_at_{yyyyMMdd}t{HHmmss}</c>); blue/green copies are named by generation.</param>
/// <param name="Resume">Continue the interrupted build instead of refusing to start while one exists.</param>
[GenerateSerializer, Immutable]
public sealed record RebuildRequest(
    [property: Id(0)] DateTimeOffset? AsOf = null,
    [property: Id(1)] string? Copy = null,
    [property: Id(2)] bool Resume = false);

/// <param name="Phase"><c>idle</c>, <c>building</c>, <c>following</c> (runners keep it current; waiting to switch), <c>done</c>, <c>interrupted</c>, <c>failed</c>.</param>
/// <param name="Applied">Feed entries applied to the copy so far (across resumes).</param>
/// <param name="Total">Feed entries to read in all (the feeds' length when the build started or last grew past it).</param>
[GenerateSerializer, Immutable]
public sealed record RebuildProgress(
    [property: Id(0)] string Projection,
    [property: Id(1)] string? Copy,
    [property: Id(2)] string Phase,
    [property: Id(3)] long Applied,
    [property: Id(4)] long Total,
    [property: Id(5)] double EntriesPerSecond,
    [property: Id(6)] DateTimeOffset? AsOf,
    [property: Id(7)] string? Error,
    [property: Id(8)] string? Replaced)
{
    public bool Running => Phase is "building" or "following";
}

/// <param name="Role"><c>live</c>, <c>building</c> / <c>following</c> (a blue/green rebuild), or <c>as-of</c>.</param>
/// <param name="State">For an as-of copy: <c>building</c> or <c>ready</c>.</param>
[GenerateSerializer, Immutable]
public sealed record ProjectionCopyView(
    [property: Id(0)] string Copy,
    [property: Id(1)] string Role,
    [property: Id(2)] DateTimeOffset? AsOf,
    [property: Id(3)] string? State);
