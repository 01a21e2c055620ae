using System.CommandLine;

namespace UsersCli;

/// <summary><c>users history &lt;id&gt; [--from N] [--limit N] [--json]</c>: the audit trail, a page at a time.</summary>
internal static class HistoryCommand
{
    public static Command Create(GlobalOptions globalOptions)
    {
        var id = new Argument<string>("id") { Description = "The user id" };
        var from = new Option<int>("--from") { Description = "First version to show (1 = the first event)", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "How many events to show (1-1000)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print one JSON array of events with payload and metadata" };
        var command = new Command("history", "Show what happened to a user: every event with its time and metadata") { id, from, limit, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var page = await calls.QueryAsync(parseResult.GetRequiredValue(id),
                grain => grain.GetHistory(parseResult.GetValue(from), parseResult.GetValue(limit)));
            Console.Out.WriteLine(parseResult.GetValue(json) ? HistoryFormatter.ToJson(page) : HistoryFormatter.ToTable(page));
        }, cancellationToken));
        return command;
    }
}
