using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Completion;

namespace FluxMirror.Coordinator.Commands;

/// <summary><c>flux-mirror completion bash|zsh|fish|powershell</c>: the shell script, as the reference's cobra command.</summary>
public static class CompletionCommand
{
    public const string CompleteCommand = "__complete";
    public const string CompleteNoDescCommand = "__completeNoDesc";

    private static readonly string[] Shells = ["bash", "fish", "powershell", "zsh"];

    public static CommandSpec Spec(CliConsole console) => new(
        "completion",
        "completion SHELL",
        "Generate a shell completion script",
        """
        Generate a shell completion script for flux-mirror.

        Supported shells are bash, fish, powershell, and zsh.

          # Load completions in the current bash session
          source <(flux-mirror completion bash)

          # Install zsh completions (a directory of $fpath)
          flux-mirror completion zsh > "${fpath[1]}/_flux-mirror"

          # Load completions in the current fish session
          flux-mirror completion fish | source

          # Load completions in the current PowerShell session
          flux-mirror completion powershell | Out-String | Invoke-Expression
        """,
        [],
        // The count is checked below, with cobra's ExactArgs(1) message rather than the generic "at most".
        int.MaxValue,
        async (args, _) =>
        {
            var shell = args.Positionals.Count == 1 ? args.Positionals[0] : throw new CliException($"accepts 1 arg(s), received {args.Positionals.Count}");
            var script = shell switch
            {
                "bash" => BashCompletionScript.Text,
                "zsh" => ZshCompletionScript.Text,
                "fish" => FishCompletionScript.Text,
                "powershell" => PowerShellCompletionScript.Text,
                _ => throw new CliException($"invalid argument \"{shell}\" for \"flux-mirror completion\""),
            };
            await console.Stdout.WriteAsync(script);
            return 0;
        })
    {
        TimeoutRefusal = GlobalFlags.WaitsForNothing,
        ValidArgs = Shells,
    };

    /// <summary>The hidden <c>__complete</c>: raw words in (no flag parsing, the last one partial), cobra's lines out.</summary>
    public static async Task<int> CompleteAsync(IReadOnlyList<CommandSpec> commands, IReadOnlyList<string> words, bool descriptions, CliConsole console)
    {
        var result = CompletionEngine.Complete(commands, GlobalFlags.All, GlobalFlags.AcceptedBy, words);
        await console.Stdout.WriteAsync(result.Format(descriptions));
        return 0;
    }
}
