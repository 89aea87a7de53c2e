using FluxMirror.Coordinator.Cli;
using FluxMirror.Registry.Model;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// <c>flux-mirror help [COMMAND]</c>, cobra's: a command's help, or for an unknown topic cobra's
/// <c>Unknown help topic [`x`]</c> line and the root usage, exit 0.
/// </summary>
public static class HelpCommand
{
    /// <param name="commands">Every command, this one included once it is added (read when help runs).</param>
    public static CommandSpec Spec(CliConsole console, IReadOnlyList<CommandSpec> commands) => new(
        "help",
        "help [command]",
        "Help about any command",
        "Help provides help for any command in the application.\nSimply type flux-mirror help [path to command] for full details.",
        [],
        int.MaxValue,
        async (args, _) =>
        {
            var all = commands;
            if (args.Positionals.Count == 0)
            {
                await console.Stdout.WriteAsync(HelpWriter.ForRoot(all, GlobalFlags.All));
                return 0;
            }

            var topic = all.FirstOrDefault(c => !c.Hidden && c.Name == args.Positionals[0]);
            await console.Stdout.WriteAsync(topic is null
                ? $"Unknown help topic {GoQuote.QuoteSliceBackquoted(args.Positionals)}\n{HelpWriter.RootUsage(all, GlobalFlags.All)}"
                : HelpWriter.ForCommand(topic, GlobalFlags.All));
            return 0;
        })
    {
        TimeoutRefusal = GlobalFlags.WaitsForNothing,
        ValidArgs = [.. commands.Where(c => !c.Hidden).Select(c => c.Name), "help"],
    };
}
