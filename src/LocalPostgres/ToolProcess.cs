using System.ComponentModel;
using System.Diagnostics;

namespace LocalPostgres;

/// <summary>Runs a command-line tool to completion; a non-zero exit is an error carrying what it printed.</summary>
internal static class ToolProcess
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await ExecuteAsync(file, arguments, cancellationToken);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with code {exitCode}: {output}");
    }

    public static async Task<bool> SucceedsAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        (await ExecuteAsync(file, arguments, cancellationToken)).ExitCode == 0;

    private static async Task<(int ExitCode, string Output)> ExecuteAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        // A working directory the postgres user can enter: runuser keeps ours, which may be root's.
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {file}: {e.Message}. {LocalPostgresCluster.InstallHint}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, (await stderr + await stdout).Trim());
        }
    }
}
