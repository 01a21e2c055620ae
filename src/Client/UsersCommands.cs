using System.CommandLine;
using Grains.Interfaces;

namespace UsersCli;

/// <summary>The <c>users</c> command and its subcommands.</summary>
internal static class UsersCommands
{
    public static Command Create(GlobalOptions globalOptions)
    {
        var users = new Command("users", "Create, change and read users");
        users.Subcommands.Add(CreateUser(globalOptions));
        users.Subcommands.Add(Rename(globalOptions));
        users.Subcommands.Add(ChangeEmail(globalOptions));
        users.Subcommands.Add(ChangeAddress(globalOptions));
        users.Subcommands.Add(Deactivate(globalOptions));
        users.Subcommands.Add(Get(globalOptions));
        users.Subcommands.Add(HistoryCommand.Create(globalOptions));
        users.Subcommands.Add(WatchCommand.Create(globalOptions));
        users.Subcommands.Add(DemoCommand.Create(globalOptions));
        foreach (var query in QueryCommands.Create(globalOptions)) users.Subcommands.Add(query);
        return users;
    }

    private static Command CreateUser(GlobalOptions globalOptions)
    {
        var id = IdArgument();
        var name = new Option<string>("--name") { Description = "The user's name", Required = true };
        var email = new Option<string>("--email") { Description = "The user's email address" };
        var command = new Command("create", "Create a user") { id, name, email };
        return StateChanging(command, globalOptions, id,
            (parseResult, grain) => grain.Create(parseResult.GetRequiredValue(name), parseResult.GetValue(email)));
    }

    private static Command Rename(GlobalOptions globalOptions)
    {
        var id = IdArgument();
        var name = new Argument<string>("name") { Description = "The new name" };
        var command = new Command("rename", "Rename a user") { id, name };
        return StateChanging(command, globalOptions, id, (parseResult, grain) => grain.Rename(parseResult.GetRequiredValue(name)));
    }

    private static Command ChangeEmail(GlobalOptions globalOptions)
    {
        var id = IdArgument();
        var email = new Argument<string>("email") { Description = "The new email address" };
        var command = new Command("change-email", "Change a user's email address") { id, email };
        return StateChanging(command, globalOptions, id, (parseResult, grain) => grain.ChangeEmail(parseResult.GetRequiredValue(email)));
    }

    private static Command ChangeAddress(GlobalOptions globalOptions)
    {
        var id = IdArgument();
        var address = new Argument<string>("address") { Description = "The new postal address (quote it)" };
        var command = new Command("change-address", "Change a user's postal address") { id, address };
        return StateChanging(command, globalOptions, id, (parseResult, grain) => grain.ChangeAddress(parseResult.GetRequiredValue(address)));
    }

    private static Command Deactivate(GlobalOptions globalOptions)
    {
        var id = IdArgument();
        var reason = new Option<string>("--reason") { Description = "Why the user is deactivated", Required = true };
        var command = new Command("deactivate", "Deactivate a user") { id, reason };
        return StateChanging(command, globalOptions, id, (parseResult, grain) => grain.Deactivate(parseResult.GetRequiredValue(reason)));
    }

    private static Command Get(GlobalOptions globalOptions)
    {
        var id = IdArgument();
        var json = JsonOption();
        var atVersion = new Option<int?>("--at-version") { Description = "Show the state after exactly N events (0 = before creation)" };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "Show the state as of an ISO-8601 instant, e.g. 2026-11-27T10:00:00Z (Redis time)" };
        var command = new Command("get", "Show a user's current state, or a past one") { id, json, atVersion, asOf };
        command.Validators.Add(result =>
        {
            if (result.GetValue(atVersion) is not null && result.GetValue(asOf) is not null)
                result.AddError("--at-version and --as-of cannot be used together.");
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var userId = parseResult.GetRequiredValue(id);
            var user = parseResult.GetValue(atVersion) is { } version ? await calls.QueryAsync(userId, g => g.GetStateAtVersion(version))
                : parseResult.GetValue(asOf) is { } instant ? await calls.QueryAsync(userId, g => g.GetStateAsOf(instant))
                : await calls.GetAsync(userId);
            OutputFormatter.Write(Console.Out, user, parseResult.GetValue(json));
        }, cancellationToken));
        return command;
    }

    /// <summary>Adds --json and the action: call the grain with a command id, print the resulting state.</summary>
    private static Command StateChanging(
        Command command,
        GlobalOptions globalOptions,
        Argument<string> id,
        Func<ParseResult, IUserGrain, Task<UserView>> call)
    {
        var json = JsonOption();
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var user = await calls.CommandAsync(parseResult.GetRequiredValue(id), grain => call(parseResult, grain));
            OutputFormatter.Write(Console.Out, user, parseResult.GetValue(json));
        }, cancellationToken));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The user id" };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the user's state as one JSON object" };
}
