namespace EventSourcing.Tests.Users;

internal static class UserIds
{
    /// <summary>A user id unique to this test, so tests share a Redis without cleaning up.</summary>
    public static string New(string test) => $"{test}-{Guid.NewGuid():N}";
}
