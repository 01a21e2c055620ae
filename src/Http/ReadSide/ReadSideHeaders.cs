namespace Users.Http.ReadSide;

/// <summary>Headers of read-model answers, so a client can check freshness without parsing the body.</summary>
public static class ReadSideHeaders
{
    /// <summary>The version of the user's row in the read model (0: no row).</summary>
    public const string ModelVersion = "X-Read-Model-Version";

    /// <summary><c>true</c> when the model had not reached the asked <c>minVersion</c> in time.</summary>
    public const string Stale = "X-Read-Model-Stale";
}
