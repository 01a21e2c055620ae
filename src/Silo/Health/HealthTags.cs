namespace Silo.Health;

/// <summary>Which endpoint runs a check: <c>/health/live</c> runs the live ones, <c>/health/ready</c> the ready ones.</summary>
internal static class HealthTags
{
    public const string Live = "live";

    public const string Ready = "ready";
}
