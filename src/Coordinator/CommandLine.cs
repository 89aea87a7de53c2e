using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Commands;
using FluxMirror.Coordinator.Commands.Secret;
using FluxMirror.Coordinator.Kubernetes;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Logins;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Coordinator;

/// <summary>
/// Entry point logic: pick the command, parse its flags, run it, and turn every failure into one
/// <c>✗ message</c> line on stderr with its exit code. Never a stack trace.
/// </summary>
public static class CommandLine
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct)
    {
        List<CommandSpec> commands =
        [
            SyncCommand.Spec(console), JobCommand.Spec(console), VersionCommand.Spec(console), LoginCommand.Spec(console),
            SecretCommand.Spec(console, KubeAmbient.Process), KeygenCommand.Spec(console), CompletionCommand.Spec(console),
            CoordinatorCommand.Spec(console), WorkerCommand.Spec(console), OperatorCommands.Cluster(console), OperatorCommands.ClusterSharding(console), OperatorCommands.Actor(console), OperatorCommands.RateLimit(console),
        ];
        commands.Add(HelpCommand.Spec(console, commands));
        return RunAsync(args, console, commands, ct);
    }

    /// <summary>The same dispatch over given commands: how a test runs a command built with its own surroundings
    /// (e.g. <c>secret</c> with another ServiceAccount directory) through the real parsing and error handling.</summary>
    internal static async Task<int> RunAsync(string[] args, CliConsole console, IReadOnlyList<CommandSpec> commands, CancellationToken ct)
    {
        try
        {
            if (args.Length > 0 && args[0] is CompletionCommand.CompleteCommand or CompletionCommand.CompleteNoDescCommand)
            {
                return await CompletionCommand.CompleteAsync(commands, args[1..], descriptions: args[0] == CompletionCommand.CompleteCommand, console);
            }

            args = GlobalFlags.CommandFirst(args);
            if (args.Length == 0 || args[0] is "-h" or "--help")
            {
                await console.Stdout.WriteAsync(HelpWriter.ForRoot(commands, GlobalFlags.All));
                return 0;
            }

            var command = commands.FirstOrDefault(c => c.Name == args[0])
                ?? throw new CliException($"unknown command \"{args[0]}\" for \"flux-mirror\"");
            var rest = args.Skip(1).ToList();
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                await console.Stdout.WriteAsync(HelpWriter.ForCommand(command, GlobalFlags.All));
                return 0;
            }

            var flags = command.Flags.Concat(GlobalFlags.All.Where(g => command.Flags.All(f => f.Name != g.Name))).ToList();
            var parsed = FlagParser.Parse(flags, rest);
            GlobalFlags.RefuseNoEnvSubstWithoutConfig(command, parsed);
            GlobalFlags.RefuseTimeout(command, parsed);
            if (parsed.Positionals.Count > command.MaxPositionals)
            {
                throw new CliException(command.MaxPositionals == 0
                    ? $"unknown command \"{parsed.Positionals[0]}\" for \"flux-mirror {command.Name}\""
                    : $"accepts at most {command.MaxPositionals} arg(s), received {parsed.Positionals.Count}");
            }

            return await command.Run(parsed, ct);
        }
        catch (CliException ex)
        {
            return Fail(console, ex.Message, ex.ExitCode);
        }
        catch (ConfigException ex)
        {
            return Fail(console, ex.Message, 1);
        }
        catch (LoginException ex)
        {
            // login and secret resolve hosts the same way; their refusals are one line, exit 1.
            return Fail(console, ex.Message, 1);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Fail(console, "interrupted", 1);
        }
        catch (Exception ex)
        {
            // Last line of defence: one line, the innermost message, no stack trace.
            return Fail(console, ex.GetBaseException().Message, 1);
        }
    }

    private static int Fail(CliConsole console, string message, int code)
    {
        if (message.Length > 0)
        {
            console.Stderr.WriteLine($"✗ {TerminalText.Escape(message.ReplaceLineEndings(" "))}");
        }

        return code;
    }
}
