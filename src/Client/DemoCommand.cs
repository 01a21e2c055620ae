using System.CommandLine;
using Grains.Interfaces;

namespace UsersCli;

/// <summary><c>users demo</c>: a short end-to-end scenario against a (fresh) silo, narrated on stdout.</summary>
internal static class DemoCommand
{
    private const string Alice = "alice";

    public static Command Create(GlobalOptions globalOptions)
    {
        var count = new Option<int>("--users")
        {
            Description = "How many more users to create besides alice",
            HelpName = "N",
            DefaultValueFactory = _ => 3,
        };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 10_000)
                result.AddError("--users must be between 0 and 10000.");
        });

        var command = new Command("demo", "Run a short end-to-end scenario (meant for a fresh silo: it creates 'alice')") { count };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult, globalOptions, (calls, _) => RunAsync(calls, parseResult.GetValue(count)), cancellationToken));
        return command;
    }

    private static async Task RunAsync(UserCalls calls, int extraUsers)
    {
        Console.WriteLine($"users demo (correlation id {calls.Metadata.CorrelationId}, actor {calls.Metadata.Actor})");
        Step("users create alice --name \"Alice\" --email alice@example.com");
        Show(await calls.CommandAsync(Alice, g => g.Create("Alice", "alice@example.com"), multiStep: true));

        Step("users rename alice \"Alice Liddell\"");
        Show(await calls.CommandAsync(Alice, g => g.Rename("Alice Liddell"), multiStep: true));

        Step("users change-address alice \"1 Rabbit Hole Lane, Oxford\"");
        Show(await calls.CommandAsync(Alice, g => g.ChangeAddress("1 Rabbit Hole Lane, Oxford"), multiStep: true));

        Step("users change-email alice alice.liddell@example.com");
        Show(await calls.CommandAsync(Alice, g => g.ChangeEmail("alice.liddell@example.com"), multiStep: true));

        var ids = Enumerable.Range(1, extraUsers).Select(i => $"user-{i:D3}").ToList();
        if (ids.Count > 0)
            Step($"users create user-NNN --name \"User NNN\" --email user-NNN@example.com   (NNN = 001..{ids.Count:D3})");
        foreach (var id in ids)
        {
            var user = await calls.CommandAsync(id, g => g.Create($"User {id[5..]}", $"{id}@example.com"), multiStep: true);
            Console.WriteLine($"  created {user.Id} (version {user.Version})");
        }

        Step("users get alice --json");
        Console.WriteLine(OutputFormatter.ToJson(await calls.GetAsync(Alice)));

        var leaver = ids.Count > 0 ? ids[^1] : Alice;
        Step($"users deactivate {leaver} --reason \"left the demo\"");
        Show(await calls.CommandAsync(leaver, g => g.Deactivate("left the demo"), multiStep: true));

        Console.WriteLine();
        Console.WriteLine($"demo done: {1 + ids.Count} user(s) created, {leaver} deactivated.");
    }

    private static void Step(string what)
    {
        Console.WriteLine();
        Console.WriteLine($"$ {what}");
    }

    private static void Show(UserView user) => Console.WriteLine(OutputFormatter.ToText(user));
}
