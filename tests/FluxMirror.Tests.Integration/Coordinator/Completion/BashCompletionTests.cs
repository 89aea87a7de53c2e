using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Completion;

/// <summary>
/// <c>source &lt;(flux-mirror completion bash)</c> in a real bash: the registered function, driven the way readline
/// drives it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT), fills COMPREPLY from the binary's answers.
/// </summary>
// No registry or shared port: these run beside the Sync and Cluster collections, not after them.
[Collection("CommandLine")]
public sealed class BashCompletionTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("fm-bash-").FullName;

    public BashCompletionTests() =>
        File.CreateSymbolicLink(Path.Combine(_bin, "flux-mirror"), Path.Combine(AppContext.BaseDirectory, "flux-mirror"));

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    // What readline sets before calling the function registered with complete -F.
    private const string DriveCompletion = """
        set -u
        source <(flux-mirror completion bash) || exit 3
        complete -p flux-mirror >/dev/null || exit 4
        COMP_LINE='@TYPED@'
        COMP_POINT=${#COMP_LINE}
        read -r -a COMP_WORDS <<< "$COMP_LINE"
        [[ "$COMP_LINE" == *' ' ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMPREPLY=()
        __flux_mirror_complete
        echo "${COMPREPLY[*]}"
        """;

    [Theory]
    [InlineData("flux-mirror sy", "sync")]
    [InlineData("flux-mirror sync --out", "--output")]
    [InlineData("flux-mirror sync -o ", "text yaml json")]
    [InlineData("flux-mirror sync --output=y", "yaml")]
    [InlineData("flux-mirror completion ", "bash fish powershell zsh")]
    [InlineData("flux-mirror kEy", "")]
    public async Task Completing_a_line_yields_the_candidates(string line, string expected)
    {
        var result = await BashAsync(DriveCompletion.Replace("@TYPED@", line, StringComparison.Ordinal));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        Assert.Equal(expected + "\n", result.StandardOutput);
        Assert.Empty(result.StandardError);
    }

    [Fact]
    public async Task The_script_is_valid_bash()
    {
        var result = await BashAsync("flux-mirror completion bash > script.bash && bash -n script.bash");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.StandardError);
    }

    private Task<ProcessResult> BashAsync(string script) => ProcessRunner.RunAsync(
        "bash",
        ["-c", script],
        new ProcessRunOptions
        {
            WorkingDirectory = _bin,
            Timeout = TimeSpan.FromMinutes(1),
            Environment = new Dictionary<string, string?>
            {
                ["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["DOTNET_NOLOGO"] = "1",
            },
        },
        TestContext.Current.CancellationToken);
}
