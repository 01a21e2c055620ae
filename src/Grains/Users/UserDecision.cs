namespace Grains.Users;

/// <summary>
/// What a user command would append, decided from its arguments, and the rule that says against a
/// state whether it applies (true), is a no-op (false) or breaks a business rule (throws).
/// </summary>
internal sealed record UserDecision(UserEvent[] Events, Func<UserState, bool> AppliesTo);
