namespace Silo;

/// <summary>How silos find each other (configuration key <c>Orleans:Clustering</c>).</summary>
public enum ClusteringMode
{
    /// <summary>One silo on this machine; no membership table.</summary>
    Localhost,

    /// <summary>Membership table in Redis, so several silos can form one cluster.</summary>
    Redis,
}
