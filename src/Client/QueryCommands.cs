using System.CommandLine;
using System.Text.Json;
using Grains.Interfaces;

namespace UsersCli;

/// <summary>
/// <c>users find --email</c>, <c>users search</c>, <c>users list</c>: answered by the read models
/// (projections of the log), never by the users' grains.
/// </summary>
internal static class QueryCommands
{
    public static IEnumerable<Command> Create(GlobalOptions globalOptions) => [Find(globalOptions), Search(globalOptions), List(globalOptions)];

    private static Command Find(GlobalOptions globalOptions)
    {
        var email = new Option<string>("--email") { Description = "The email address to look up", Required = true };
        var json = Json();
        var copy = Copy();
        var command = new Command("find", "Find the user who holds an email address (read model)") { email, copy, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var found = await calls.ReadModelAsync(q => q.FindByEmail(parseResult.GetRequiredValue(email), parseResult.GetValue(copy)));
            Write(found is null ? [] : [found], parseResult.GetValue(json), $"no user holds {parseResult.GetRequiredValue(email)}");
        }, cancellationToken));
        return command;
    }

    private static Command Search(GlobalOptions globalOptions)
    {
        var text = new Argument<string>("text") { Description = "Words to find in names, emails and addresses" };
        var limit = Limit(20);
        var json = Json();
        var copy = Copy();
        var command = new Command("search", "Full-text search over users (read model)") { text, limit, copy, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var rows = await calls.ReadModelAsync(q => q.Search(parseResult.GetRequiredValue(text), parseResult.GetValue(limit), parseResult.GetValue(copy)));
            Write(rows, parseResult.GetValue(json), "no match");
        }, cancellationToken));
        return command;
    }

    private static Command List(GlobalOptions globalOptions)
    {
        var limit = Limit(50);
        var after = new Option<string?>("--after") { Description = "Start after this user id (the last id of the previous page)" };
        var json = Json();
        var copy = Copy();
        var command = new Command("list", "List users in id order (read model)") { limit, after, copy, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var rows = await calls.ReadModelAsync(q => q.List(parseResult.GetValue(limit), parseResult.GetValue(after), parseResult.GetValue(copy)));
            Write(rows, parseResult.GetValue(json), "no users");
        }, cancellationToken));
        return command;
    }

    private static void Write(IReadOnlyList<UserSummary> rows, bool json, string none)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
            return;
        }
        if (rows.Count == 0)
        {
            Console.Out.WriteLine(none);
            return;
        }
        foreach (var r in rows)
            Console.Out.WriteLine($"{r.Id,-24} {r.Name,-24} {r.Email ?? "-",-32} {(r.Deactivated ? "deactivated" : "active"),-11} v{r.Version}  {r.Address ?? "-"}");
    }

    private static Option<int> Limit(int byDefault) => new("--limit") { Description = "How many users to show (1-1000)", DefaultValueFactory = _ => byDefault };

    private static Option<string?> Copy() => new("--copy")
    {
        Description = "Read this copy of the read model instead of the live one (e.g. one built with projections rebuild --as-of; see projections copies)",
    };

    private static Option<bool> Json() => new("--json") { Description = "Print one JSON array" };
}
