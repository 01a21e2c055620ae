using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RedisEventSourcing.Projections;
using Spectre.Console;

namespace UsersCli;

/// <summary>
/// <c>projections rebuild &lt;name&gt;</c> (blue/green, or <c>--as-of</c> a separate copy), with a live
/// progress bar; <c>projections copies &lt;name&gt;</c>; <c>projections drop-copy &lt;name&gt; &lt;copy&gt;</c>.
/// The build runs in the silo: Ctrl-C interrupts it, leaving its copy to resume or abandon.
/// </summary>
internal static class RebuildCommands
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static IEnumerable<Command> Create(GlobalOptions globalOptions) => [Rebuild(globalOptions), Copies(globalOptions), DropCopy(globalOptions)];

    private static Command Rebuild(GlobalOptions globalOptions)
    {
        var name = new Argument<string>("name") { Description = "The projection to rebuild (see projections status)" };
        var asOf = new Option<DateTimeOffset?>("--as-of")
        {
            Description = "Build a separate copy from the events up to this instant (ISO 8601, e.g. 2026-12-01T12:00:00Z), queryable with --copy; the live copy is untouched",
            CustomParser = r => DateTimeOffset.Parse(r.Tokens.Single().Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
        var copy = new Option<string?>("--copy") { Description = "Name of the --as-of copy (default {name}_at_{yyyyMMdd}t{HHmmss})" };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted rebuild from its copy's checkpoints" };
        var abandon = new Option<bool>("--abandon") { Description = "Drop the interrupted rebuild (or, with --copy, that copy) instead; the live copy is untouched" };
        var detach = new Option<bool>("--detach") { Description = "Start it and return; follow it with projections copies, or run again with --resume to watch" };
        var command = new Command("rebuild", "Rebuild a read model from the log beside the live one, then switch queries to it") { name, asOf, copy, resume, abandon, detach };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, ct) =>
        {
            var grain = calls.Rebuilds(parseResult.GetRequiredValue(name));
            if (parseResult.GetValue(abandon))
            {
                await grain.Abandon(parseResult.GetValue(copy)).WaitAsync(ct);
                Console.Out.WriteLine("abandoned: the copy is dropped; the live copy was not touched");
                return;
            }
            var progress = await grain.Start(new RebuildRequest(parseResult.GetValue(asOf), parseResult.GetValue(copy), parseResult.GetValue(resume))).WaitAsync(ct);
            if (parseResult.GetValue(detach))
            {
                Console.Out.WriteLine($"building {progress.Copy} in the silo");
                return;
            }
            try
            {
                progress = await FollowAsync(grain, progress, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                progress = await grain.Interrupt().WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
                Console.Error.WriteLine($"interrupted after {progress.Applied:N0} entries: the live copy keeps serving; run again with --resume to go on, or --abandon to drop {progress.Copy}");
                throw;
            }
            Report(progress);
        }, cancellationToken));
        return command;
    }

    private static async Task<RebuildProgress> FollowAsync(IProjectionRebuildGrain grain, RebuildProgress progress, CancellationToken ct)
    {
        // Without a terminal (a pipe, a test), a line per phase instead of a redrawn bar.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            while (progress.Running)
            {
                await Task.Delay(PollEvery, ct);
                progress = await grain.Progress().WaitAsync(ct);
            }
            return progress;
        }
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new EntriesRateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(progress), maxValue: Math.Max(1, progress.Total));
                while (progress.Running)
                {
                    await Task.Delay(PollEvery, ct);
                    progress = await grain.Progress().WaitAsync(ct);
                    task.Description = Describe(progress);
                    task.MaxValue = Math.Max(1, progress.Total);
                    task.Value = progress.Applied;
                    task.State.Update<double>("rate", _ => progress.EntriesPerSecond);
                }
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return progress;
    }

    private static string Describe(RebuildProgress p) =>
        Markup.Escape($"{p.Copy} {p.Phase}{(p.AsOf is { } at ? $" (as of {at:u})" : "")}");

    private static void Report(RebuildProgress p)
    {
        switch (p.Phase)
        {
            case "done" when p.AsOf is { } at:
                Console.Out.WriteLine($"{p.Copy} is ready: {p.Projection} as of {at:O}, {p.Applied:N0} feed entries; query it with --copy {p.Copy}, drop it with projections drop-copy {p.Projection} {p.Copy}");
                break;
            case "done":
                Console.Out.WriteLine($"{p.Projection} now reads {p.Copy} ({p.Applied:N0} feed entries, {p.EntriesPerSecond:N0}/s); {p.Replaced} was dropped");
                break;
            case "interrupted":
                Console.Out.WriteLine($"interrupted after {p.Applied:N0} entries: resume with --resume, or drop {p.Copy} with --abandon");
                break;
            default:
                throw new InvalidOperationException($"the rebuild into {p.Copy} {p.Phase}: {p.Error ?? "no reason given"}; the live copy keeps serving, --resume tries again, --abandon drops it");
        }
    }

    private static Command Copies(GlobalOptions globalOptions)
    {
        var name = new Argument<string>("name") { Description = "The projection" };
        var json = new Option<bool>("--json") { Description = "Print one JSON array" };
        var command = new Command("copies", "A projection's copies: live, a rebuild in progress, copies as of an instant") { name, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, ct) =>
        {
            var grain = calls.Rebuilds(parseResult.GetRequiredValue(name));
            var copies = await grain.Copies().WaitAsync(ct);
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(copies, CliJson.Options));
                return;
            }
            var running = await grain.Progress().WaitAsync(ct);
            foreach (var c in copies)
            {
                var detail = c.Role == "as-of" ? $"as of {c.AsOf:O}, {c.State}" : "";
                if (running.Copy == c.Copy && running.Running) detail += $" {running.Applied:N0}/{running.Total:N0} entries, {running.EntriesPerSecond:N0}/s";
                Console.Out.WriteLine($"{c.Copy,-40} {c.Role,-10} {detail}".TrimEnd());
            }
        }, cancellationToken));
        return command;
    }

    private static Command DropCopy(GlobalOptions globalOptions)
    {
        var name = new Argument<string>("name") { Description = "The projection" };
        var copy = new Argument<string>("copy") { Description = "The copy to drop (not the live one)" };
        var command = new Command("drop-copy", "Drop a copy of a projection (an as-of copy, or the rebuild in progress)") { name, copy };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions, async (calls, ct) =>
        {
            await calls.Rebuilds(parseResult.GetRequiredValue(name)).Abandon(parseResult.GetRequiredValue(copy)).WaitAsync(ct);
            Console.Out.WriteLine($"dropped {parseResult.GetRequiredValue(copy)}");
        }, cancellationToken));
        return command;
    }
}
