namespace Silo;

/// <summary>How silos find each other (configuration key <c>Orleans:ClusteringMode</c>; Orleans keeps <c>Orleans:Clustering</c> for its own provider section).</summary>
public enum ClusteringMode
{
    /// <summary>One silo on this machine; no membership table.</summary>
    Localhost,

    /// <summary>Membership table in Redis, so several silos can form one cluster.</summary>
    Redis,
}
