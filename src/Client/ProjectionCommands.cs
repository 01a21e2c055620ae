using System.CommandLine;
using System.Text.Json;
using RedisEventSourcing.Projections;

namespace UsersCli;

/// <summary><c>projections status</c>, <c>dead-letters &lt;name&gt;</c>, <c>replay-dead-letters &lt;name&gt;</c>, <c>repair-feed</c>.</summary>
internal static class ProjectionCommands
{
    public static Command Create(GlobalOptions globalOptions)
    {
        var projections = new Command("projections", "See where the read models' projections are");
        projections.Subcommands.Add(Status(globalOptions));
        projections.Subcommands.Add(DeadLetters(globalOptions));
        projections.Subcommands.Add(ReplayDeadLetters(globalOptions));
        foreach (var command in RebuildCommands.Create(globalOptions)) projections.Subcommands.Add(command);
        projections.Subcommands.Add(RepairFeed(globalOptions));
        return projections;
    }

    private static Command RepairFeed(GlobalOptions globalOptions)
    {
        var partition = new Option<int?>("--partition") { Description = "Only this partition (default: all)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("repair-feed", "Find stream entries the partition feeds lack (plain XADD by other programs) and mark those streams for the projections to derive again") { partition, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var result = await calls.AdminAsync(a => a.RepairFeed(parseResult.GetValue(partition)));
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
                return;
            }
            Console.Out.WriteLine($"{result.StreamsScanned} streams, {result.EntriesChecked} entries checked in {result.Partitions} partition(s); {result.StreamsRepaired} repaired");
            foreach (var key in result.RepairedStreams) Console.Out.WriteLine($"  _resync {key}");
            if (result.StreamsRepaired > result.RepairedStreams.Count) Console.Out.WriteLine($"  ... and {result.StreamsRepaired - result.RepairedStreams.Count} more");
            if (result.EntriesOlderThanFeed > 0) Console.Out.WriteLine($"{result.EntriesOlderThanFeed} entries are older than their feed's oldest entry (trimmed): not checked, taken as referenced");
            if (result.StreamsMoved > 0) Console.Out.WriteLine($"{result.StreamsMoved} streams moved on during the repair: run it again to check them");
        }, cancellationToken));
        return command;
    }

    private static Command Status(GlobalOptions globalOptions)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON array, a row per projection and partition" };
        var command = new Command("status", "Checkpoint, lag and dead letters of every projection, per partition") { json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var rows = await calls.AdminAsync(a => a.Status());
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
                return;
            }
            foreach (var projection in rows.GroupBy(r => (r.Projection, r.Copy, r.Role)))
            {
                var behind = projection.Sum(r => r.Behind);
                var oldest = projection.Max(r => r.OldestUnappliedAge);
                var copy = projection.Key.Copy == projection.Key.Projection && projection.Key.Role == "live" ? "" : $" [copy {projection.Key.Copy}, {projection.Key.Role}]";
                Console.Out.WriteLine($"{projection.Key.Projection}: {behind} entries behind{(oldest is { } age ? $", oldest waiting {age.TotalMilliseconds:0} ms" : "")}, {projection.First().DeadLetters} dead letters{copy}");
                foreach (var r in projection)
                    Console.Out.WriteLine($"  p{r.Partition:D2}  checkpoint {r.Checkpoint ?? "-",-22} behind {r.Behind,5}{(r.OldestUnappliedAge is { } a ? $"  oldest {a.TotalMilliseconds:0} ms" : "")}");
            }
        }, cancellationToken));
        return command;
    }

    private static Command ReplayDeadLetters(GlobalOptions globalOptions)
    {
        var name = new Argument<string>("name") { Description = "The projection whose dead letters to replay (after a fix)" };
        var command = new Command("replay-dead-letters", "Derive each dead-lettered user again from its whole stream; clear the letters that now apply") { name };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var result = await calls.AdminAsync(a => a.ReplayDeadLetters(parseResult.GetRequiredValue(name)));
            Console.Out.WriteLine($"{result.Cleared} dead letters cleared");
            foreach (var problem in result.Problems) Console.Out.WriteLine($"  still failing: {problem}");
        }, cancellationToken));
        return command;
    }

    private static Command DeadLetters(GlobalOptions globalOptions)
    {
        var name = new Argument<string>("name") { Description = "The projection (see projections status)" };
        var limit = new Option<int>("--limit") { Description = "How many to show", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print one JSON array" };
        var command = new Command("dead-letters", "Feed entries a projection could not apply, and why") { name, limit, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, _) =>
        {
            var letters = await calls.AdminAsync(a => a.DeadLetters(parseResult.GetRequiredValue(name), parseResult.GetValue(limit)));
            if (parseResult.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(letters, CliJson.Options));
            else if (letters.Count == 0)
                Console.Out.WriteLine("no dead letters");
            else
                foreach (var d in letters)
                    Console.Out.WriteLine($"{d.Id}  p{d.Partition:D2} feed {d.FeedEntryId}  {d.StreamKey} {d.StreamEntryId} v{d.Version} {d.Type}: {d.Reason}");
        }, cancellationToken));
        return command;
    }
}
