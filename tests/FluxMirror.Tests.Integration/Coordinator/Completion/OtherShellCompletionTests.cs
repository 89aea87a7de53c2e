using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Completion;

/// <summary>
/// The zsh and fish scripts in the real shells where they are installed (syntax check, then completions of a typed
/// line); where a shell is missing, only what can be checked without it: the script registers itself and asks
/// <c>__complete</c>. No skips: each case asserts what this machine can show.
/// </summary>
// No registry or shared port: these run beside the Sync and Cluster collections, not after them.
[Collection("CommandLine")]
public sealed class OtherShellCompletionTests : IDisposable
{
    // zsh completion functions only run inside the line editor; these stand-ins print what the script hands them.
    private const string ZshDriver = """
        _describe() { local name=$4; print -l -- "${(@P)name}"; }
        _files() { print -- "_files $*"; }
        compdef() { :; }
        source <(flux-mirror completion zsh) || exit 3
        words=(@WORDS@)
        CURRENT=$#words
        _flux-mirror
        """;

    private readonly string _bin = Directory.CreateTempSubdirectory("fm-shells-").FullName;

    public OtherShellCompletionTests() =>
        File.CreateSymbolicLink(Path.Combine(_bin, "flux-mirror"), Path.Combine(AppContext.BaseDirectory, "flux-mirror"));

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    [Theory]
    [InlineData("flux-mirror sy", "sync\tMirror OCI artifacts and Helm charts as declared in a config\n")]
    [InlineData("flux-mirror sync -o ", "json\ntext\nyaml\n")]
    [InlineData("flux-mirror completion z", "zsh\n")]
    public async Task Fish_completes_a_typed_line(string line, string expected)
    {
        if (!OnPath("fish"))
        {
            Assert.Contains("complete -c flux-mirror -f -a '(__flux_mirror_complete)'", await ScriptAsync("fish"), StringComparison.Ordinal);
            return;
        }

        var syntax = await RunAsync("fish", ["-c", "flux-mirror completion fish > s.fish; and fish -n s.fish"]);
        var result = await RunAsync("fish", ["-c", $"flux-mirror completion fish | source; complete -C '{line}'"]);

        Assert.Equal(0, syntax.ExitCode);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.StandardOutput);
    }

    [Theory]
    [InlineData("flux-mirror sy", "sync:Mirror OCI artifacts and Helm charts as declared in a config\n")]
    [InlineData("flux-mirror sync --output=j", "--output=json\n")]
    [InlineData("flux-mirror keygen -o ''", "_files -/\n")]
    [InlineData("flux-mirror sync ''", "_files \n")]
    public async Task Zsh_hands_the_candidates_to_its_completion_system(string words, string expected)
    {
        if (!OnPath("zsh"))
        {
            Assert.StartsWith("#compdef flux-mirror\n", await ScriptAsync("zsh"), StringComparison.Ordinal);
            return;
        }

        var syntax = await RunAsync("zsh", ["-c", "flux-mirror completion zsh > s.zsh && zsh -n s.zsh"]);
        var result = await RunAsync("zsh", ["-f", "-c", ZshDriver.Replace("@WORDS@", words, StringComparison.Ordinal)]);

        Assert.Equal(0, syntax.ExitCode);
        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        Assert.Equal(expected, result.StandardOutput);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));

    private async Task<string> ScriptAsync(string shell) =>
        (await RunAsync(Path.Combine(_bin, "flux-mirror"), ["completion", shell])).StandardOutput;

    private Task<ProcessResult> RunAsync(string file, IEnumerable<string> args) => ProcessRunner.RunAsync(
        file,
        args,
        new ProcessRunOptions
        {
            WorkingDirectory = _bin,
            Timeout = TimeSpan.FromMinutes(1),
            Environment = new Dictionary<string, string?>
            {
                ["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["HOME"] = _bin,
                ["DOTNET_NOLOGO"] = "1",
            },
        },
        TestContext.Current.CancellationToken);
}
