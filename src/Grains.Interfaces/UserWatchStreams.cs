namespace Grains.Interfaces;

/// <summary>
/// Where watches are published: the stream provider silo and client both register
/// (<c>AddMemoryStreams(ProviderName)</c>), and one stream per watch,
/// <c>StreamId.Create(Namespace, watchId)</c>, so a watcher that joins late gets its own catch-up
/// without repeating it to the others.
/// </summary>
public static class UserWatchStreams
{
    public const string ProviderName = "watch";

    public const string Namespace = "user-events";
}
