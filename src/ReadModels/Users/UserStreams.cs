namespace ReadModels.Users;

public static class UserStreams
{
    /// <summary>The category of the users' stream keys (<c>es:{pNN}:user:alice</c>), as UserGrain's [EventStreamCategory] names it.</summary>
    public const string Category = "user";
}
