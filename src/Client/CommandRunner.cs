using System.CommandLine;

namespace UsersCli;

/// <summary>Runs one command's body against a connected client and maps any failure to an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        GlobalOptions globalOptions,
        Func<UserCalls, CancellationToken, Task> body,
        CancellationToken cancellationToken)
    {
        ConnectionSettings settings;
        CallMetadata metadata;
        Uri? otlpEndpoint;
        try
        {
            settings = globalOptions.GetConnectionSettings(parseResult);
            metadata = globalOptions.GetCallMetadata(parseResult);
            otlpEndpoint = globalOptions.GetOtlpEndpoint(parseResult);
        }
        catch (Exception ex)
        {
            // Our own checks' messages: they name options and files, never the connection string.
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }

        // Disposed last: the invocation's span ends first, then every span is flushed to the collector.
        using var tracing = ClientTracing.StartExport(otlpEndpoint);
        using var invocation = ClientTracing.StartInvocation(parseResult, metadata);
        try
        {
            await using var session = await ClusterClientFactory.ConnectAsync(settings, cancellationToken);
            await body(new UserCalls(session.Client, metadata, cancellationToken), cancellationToken);
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            // Messages of others (StackExchange.Redis, Orleans) may quote the Redis connection string.
            var report = new StringWriter();
            var exitCode = ErrorReporter.Report(ex, settings, metadata, cancellationToken.IsCancellationRequested, report);
            invocation?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            Console.Error.Write(settings.Scrub(report.ToString()));
            return exitCode;
        }
    }
}
