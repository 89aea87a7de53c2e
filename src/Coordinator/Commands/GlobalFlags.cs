using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Coordinator.Commands;

/// <summary>Flags every command accepts.</summary>
public static class GlobalFlags
{
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Bounds each call to a coordinator (<c>job</c>, <c>cluster</c>, <c>cluster-sharding</c>) and each read of the
    /// local journal (<c>job</c> without --cluster). <c>sync</c> has its own --timeout, per tag copy, which hides
    /// this one; <c>coordinator</c> and <c>version</c> refuse it.
    /// </summary>
    public static readonly Flag Timeout = new("timeout", null, FlagKind.Duration, GoDuration.Format(DefaultOperationTimeout), "default operation timeout");
    public static readonly Flag NoEnvSubst = new("no-envsubst", null, FlagKind.Bool, "false", "disable environment variable substitution in the config");

    public static IReadOnlyList<Flag> All { get; } = [Timeout, NoEnvSubst];

    /// <summary>The <see cref="CommandSpec.TimeoutRefusal"/> of commands that do their work without waiting on anything.</summary>
    public const string WaitsForNothing = "it waits for nothing";

    // HttpClient and timers take at most int.MaxValue milliseconds (24 days); a longer wait is no limit in practice.
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The global --timeout of a command it applies to.</summary>
    public static TimeSpan OperationTimeout(ParsedArgs args)
    {
        var timeout = args.Duration(Timeout.Name);
        if (timeout <= TimeSpan.Zero)
        {
            throw new CliException("--timeout must be greater than 0");
        }

        return timeout < LongestTimeout ? timeout : LongestTimeout;
    }

    /// <summary>
    /// Global flags given before the command name (<c>flux-mirror --timeout 5s job list</c>, as cobra allows, and what
    /// <c>flux --timeout 5s mirror job list</c> hands a plugin) moved after it, where the command's parser reads them.
    /// A flag that is not global is refused with pflag's message, not taken for a command name.
    /// </summary>
    public static string[] CommandFirst(string[] args)
    {
        var i = 0;
        while (i < args.Length && args[i].Length > 1 && args[i][0] == '-' && args[i] is not ("--" or "-h" or "--help"))
        {
            var word = args[i];
            var flag = word.StartsWith("--", StringComparison.Ordinal)
                ? All.FirstOrDefault(f => f.Name == word[2..].Split('=')[0]) ?? throw new CliException($"unknown flag: {word.Split('=')[0]}")
                : throw new CliException($"unknown shorthand flag: '{word[1]}' in {word}");
            i += flag.Kind != FlagKind.Bool && !word.Contains('=') ? 2 : 1;
        }

        if (i > args.Length)
        {
            throw new CliException($"flag needs an argument: {args[^1]}");
        }

        // Only global flags and no command: cobra prints the root help.
        return i == 0 ? args : i == args.Length ? [] : [args[i], .. args[..i], .. args[(i + 1)..]];
    }

    /// <summary>For a command nothing of which waits on a timeout: a given --timeout is an error, not silently ignored.</summary>
    public static void RefuseTimeout(CommandSpec command, ParsedArgs args)
    {
        if (command.TimeoutRefusal is { } why && args.IsSet(Timeout.Name))
        {
            throw new CliException($"--timeout does not apply to \"flux-mirror {command.Name}\": {why}");
        }
    }

    /// <summary>The global flags <paramref name="command"/> takes (its own flags of the same name hide them).</summary>
    public static IEnumerable<Flag> AcceptedBy(CommandSpec command) => All.Where(g =>
        command.Flags.All(f => f.Name != g.Name)
        && !(g == Timeout && command.TimeoutRefusal is not null)
        && !(g == NoEnvSubst && !command.Flags.Contains(NoEnvSubst)));

    /// <summary>
    /// --no-envsubst is global as in the reference, but only a command that reads a config (it lists the flag among its
    /// own) has anything to substitute: anywhere else it is an error, not silently ignored.
    /// </summary>
    public static void RefuseNoEnvSubstWithoutConfig(CommandSpec command, ParsedArgs args)
    {
        if (args.IsSet(NoEnvSubst.Name) && !command.Flags.Contains(NoEnvSubst))
        {
            throw new CliException($"--no-envsubst does not apply to \"flux-mirror {command.Name}\": it reads no config");
        }
    }
}
