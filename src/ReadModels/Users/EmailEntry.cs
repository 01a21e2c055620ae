namespace ReadModels.Users;

/// <summary>One entry of the email → user index: <paramref name="Email"/> names <paramref name="UserId"/>.</summary>
public sealed record EmailEntry(string Email, string UserId);
