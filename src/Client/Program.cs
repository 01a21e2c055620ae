using System.CommandLine;
using UsersCli;

var globalOptions = new GlobalOptions();
var root = new RootCommand("users-cli: create, change and read users through the Orleans silo");
globalOptions.AddTo(root);
root.Subcommands.Add(UsersCommands.Create(globalOptions));
root.Subcommands.Add(ProjectionCommands.Create(globalOptions));

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (Exception ex)
{
    // Every command catches its own failures; this is the last guard against a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return ExitCodes.Failure;
}
