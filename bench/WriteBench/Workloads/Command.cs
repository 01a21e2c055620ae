namespace WriteBench.Workloads;

public enum CommandKind
{
    Rename,
    ChangeEmail,
    ChangeAddress,
}

/// <summary>
/// Command <c>i</c> goes to user <c>i mod N</c>; that user's k-th command (k = i / N) rotates rename,
/// change email, change address, with values that always differ from the last, so every command appends one event.
/// </summary>
public readonly record struct Command(int Index, int User, string UserId, CommandKind Kind, string Value)
{
    public static Command For(Scenario scenario, int index)
    {
        var user = index % scenario.Users;
        var k = index / scenario.Users;
        var kind = (CommandKind)(k % 3);
        var value = kind switch
        {
            CommandKind.Rename => $"Name {k} of user {user}",
            CommandKind.ChangeEmail => $"user{user}.{k}@example.com",
            _ => $"{k} Bench Street, Apt {user}, Springfield",
        };
        return new Command(index, user, scenario.UserId(user), kind, value);
    }

    public static string InitialName(int user) => $"User {user}";

    public static string InitialEmail(int user) => $"user{user}@example.com";
}
