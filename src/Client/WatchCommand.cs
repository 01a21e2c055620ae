using System.CommandLine;
using System.Threading.Channels;
using Grains.Interfaces;
using Orleans.Streams;

namespace UsersCli;

/// <summary>
/// <c>users watch &lt;id&gt; [--from-version N] [--json]</c>: prints a user's events as they are
/// appended, until Ctrl-C. Subscribes to its own watch stream first and only then starts the watch,
/// so nothing appended in between is missed; renews the lease while it runs.
/// </summary>
internal static class WatchCommand
{
    // Long enough to ride out a slow renewal, short enough that a killed client stops costing reads soon.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CleanUpTimeout = TimeSpan.FromSeconds(1);

    public static Command Create(GlobalOptions globalOptions)
    {
        var id = new Argument<string>("id") { Description = "The user id" };
        var fromVersion = new Option<int?>("--from-version") { Description = "First show the events after version N (0 = the whole log), then the new ones" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line" };
        var command = new Command("watch", "Print a user's new events as they are appended, until Ctrl-C") { id, fromVersion, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(fromVersion) is < 0) result.AddError("--from-version must be 0 or more.");
        });
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, globalOptions,
            (calls, token) => WatchAsync(calls, parseResult.GetRequiredValue(id), parseResult.GetValue(fromVersion), parseResult.GetValue(json), token),
            cancellationToken));
        return command;
    }

    private static async Task WatchAsync(UserCalls calls, string userId, int? fromVersion, bool json, CancellationToken cancellationToken)
    {
        var watchId = Guid.NewGuid();
        var (grain, stream) = calls.Watch(userId, watchId);
        var items = Channel.CreateUnbounded<UserWatchItem>(new UnboundedChannelOptions { SingleReader = true });
        var subscription = await stream.SubscribeAsync(
            (item, _) => items.Writer.WriteAsync(item).AsTask(),
            error =>
            {
                items.Writer.TryComplete(error);
                return Task.CompletedTask;
            },
            () =>
            {
                items.Writer.TryComplete();
                return Task.CompletedTask;
            });
        var seen = new SeenVersion();
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var after = await grain.Start(watchId, fromVersion, Lease).WaitAsync(cancellationToken);
            seen.Set(after);
            await Console.Error.WriteLineAsync($"watching user '{userId}' after version {after} (Ctrl-C to stop)");
            _ = RenewAsync(grain, watchId, seen, renewal.Token);
            await foreach (var item in items.Reader.ReadAllAsync(cancellationToken))
            {
                if (!seen.Accept(item)) continue;
                await Console.Out.WriteLineAsync(json ? WatchFormatter.ToJson(item) : WatchFormatter.ToLine(item));
                await Console.Out.FlushAsync(cancellationToken);
            }
            await Console.Error.WriteLineAsync("the watch stream ended");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a watch ends: a normal exit.
        }
        finally
        {
            await renewal.CancelAsync();
            await QuietlyAsync(() => grain.Stop(watchId));
            await QuietlyAsync(subscription.UnsubscribeAsync);
        }
    }

    /// <summary>
    /// Keeps the lease alive. If the grain no longer knows the watch (its silo went away, or a renewal
    /// came too late) the watch starts again after the last version printed, so nothing is skipped.
    /// </summary>
    private static async Task RenewAsync(IUserWatchGrain grain, Guid watchId, SeenVersion seen, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewEvery, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return; // the watch is over
            }
            try
            {
                if (!await grain.Renew(watchId, Lease).WaitAsync(cancellationToken))
                    await grain.Start(watchId, seen.Version, Lease).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                await Console.Error.WriteLineAsync($"warning: cannot renew the watch ({ErrorReporter.Innermost(e).Message.TrimEnd('.')}); trying again");
            }
        }
    }

    private static async Task QuietlyAsync(Func<Task> cleanUp)
    {
        try
        {
            await cleanUp().WaitAsync(CleanUpTimeout);
        }
        catch (Exception)
        {
            // Best effort: an unrenewed lease ends the watch on the silo anyway.
        }
    }

    /// <summary>The last version printed, shared by the printing loop and the renewals.</summary>
    private sealed class SeenVersion
    {
        private int _version;

        public int Version => Volatile.Read(ref _version);

        public void Set(int version) => Volatile.Write(ref _version, version);

        /// <summary>
        /// False for an event already printed: a watch started again after a late renewal may repeat
        /// what was in flight. A clear numbers the log from 1 again.
        /// </summary>
        public bool Accept(UserWatchItem item)
        {
            switch (item.Kind)
            {
                case UserWatchItemKind.Cleared:
                    Set(0);
                    return true;
                case UserWatchItemKind.Event when item.Version <= Version:
                    return false;
                case UserWatchItemKind.Event:
                    Set(item.Version);
                    return true;
                default:
                    return true;
            }
        }
    }
}
