using System.Text;

namespace FluxMirror.Coordinator.Cli;

/// <summary>Cobra-shaped help, so the layout operators know from <c>flux</c> is what they see.</summary>
public static class HelpWriter
{
    public static string ForCommand(CommandSpec command, IReadOnlyList<Flag> globals)
    {
        var sb = new StringBuilder();
        sb.Append(command.Long.Length > 0 ? command.Long : command.Short).Append("\n\n");
        sb.Append("Usage:\n  flux-mirror ").Append(command.Use).Append("\n\n");
        var locals = command.Flags.Where(f => !globals.Contains(f)).Append(new Flag("help", 'h', FlagKind.Bool, "false", $"help for {command.Name}")).ToList();
        sb.Append("Flags:\n").Append(Table(locals));
        var inherited = globals.Where(g => command.Flags.Contains(g) || command.Flags.All(f => f.Name != g.Name)).ToList();
        if (inherited.Count > 0)
        {
            sb.Append("\nGlobal Flags:\n").Append(Table(inherited));
        }

        return sb.ToString();
    }

    public static string ForRoot(IReadOnlyList<CommandSpec> commands, IReadOnlyList<Flag> globals) =>
        "flux-mirror mirrors OCI artifacts and Helm charts between registries from one declarative config.\n\n" + RootUsage(commands, globals);

    /// <summary>The root help without its description: what cobra prints after <c>Unknown help topic</c>.</summary>
    public static string RootUsage(IReadOnlyList<CommandSpec> commands, IReadOnlyList<Flag> globals)
    {
        var sb = new StringBuilder();
        sb.Append("Usage:\n  flux-mirror [command]\n\nAvailable Commands:\n");
        var visible = commands.Where(c => !c.Hidden).ToList();
        var width = visible.Max(c => c.Name.Length) + 2;
        foreach (var c in visible.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(c.Name.PadRight(width)).Append(c.Short).Append('\n');
        }

        sb.Append("\nFlags:\n").Append(Table([.. globals, new Flag("help", 'h', FlagKind.Bool, "false", "help for flux-mirror")]));
        sb.Append("\nUse \"flux-mirror [command] --help\" for more information about a command.\n");
        return sb.ToString();
    }

    private static string Table(IReadOnlyList<Flag> flags)
    {
        var width = flags.Max(f => f.HelpLeft.Length) + 3;
        var sb = new StringBuilder();
        foreach (var f in flags)
        {
            sb.Append("  ").Append(f.HelpLeft.PadRight(width)).Append(f.HelpRight).Append('\n');
        }

        return sb.ToString();
    }
}
