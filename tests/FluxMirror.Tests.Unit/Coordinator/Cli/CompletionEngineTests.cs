using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// <c>__complete</c> speaks cobra's protocol (candidate lines, then <c>:directive</c>): our shell scripts and the Flux
/// CLI's plugin completion both read it.
/// </summary>
public sealed class CompletionEngineTests
{
    [Fact]
    public async Task A_command_prefix_completes_to_the_command_with_its_description_and_no_files()
    {
        var result = await CliRunner.RunAsync("__complete", "sy");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sync\tMirror OCI artifacts and Helm charts as declared in a config\n:4\n", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Without_descriptions_only_the_names_are_printed()
    {
        var result = await CliRunner.RunAsync("__completeNoDesc", "c");

        Assert.Equal("cluster\ncluster-sharding\ncompletion\ncoordinator\n:4\n", result.Stdout);
    }

    [Fact]
    public async Task The_hidden_complete_command_is_never_offered_nor_listed_in_help()
    {
        var completed = await CliRunner.RunAsync("__completeNoDesc", "");
        var help = await CliRunner.RunAsync("--help");

        Assert.DoesNotContain("__complete", completed.Stdout, StringComparison.Ordinal);
        Assert.Contains("keygen\n", completed.Stdout, StringComparison.Ordinal);
        Assert.Contains("help\n", completed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("__complete", help.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "sync", "--out" }, "--output\n:4\n")]
    [InlineData(new[] { "sync", "-o", "" }, "text\nyaml\njson\n:4\n")]
    [InlineData(new[] { "sync", "--output", "y" }, "yaml\n:4\n")]
    [InlineData(new[] { "sync", "--output=j" }, "--output=json\n:4\n")]
    [InlineData(new[] { "sync", "--concurrency", "" }, ":4\n")]
    [InlineData(new[] { "sync", "" }, ":0\n")]
    [InlineData(new[] { "sync", "config.yaml", "" }, ":4\n")]
    [InlineData(new[] { "keygen", "-o", "" }, ":16\n")]
    [InlineData(new[] { "keygen", "--output-dir=" }, ":16\n")]
    [InlineData(new[] { "completion", "" }, "bash\nfish\npowershell\nzsh\n:4\n")]
    [InlineData(new[] { "job", "" }, "list\nshow\ncancel\n:4\n")]
    [InlineData(new[] { "cluster-sharding", "region-stats", "-r", "t" }, "tag-copy\n:4\n")]
    [InlineData(new[] { "help", "key" }, "keygen\n:4\n")]
    [InlineData(new[] { "--timeout", "5s", "ver" }, "version\n:4\n")]
    [InlineData(new[] { "nope", "" }, ":4\n")]
    public async Task Flags_values_verbs_and_files_are_completed_like_cobra(string[] words, string expected)
    {
        var result = await CliRunner.RunAsync(["__completeNoDesc", .. words]);

        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public async Task A_flag_already_given_is_not_offered_again_but_the_others_and_help_are()
    {
        var result = await CliRunner.RunAsync("__completeNoDesc", "job", "--cluster", "http://127.0.0.1:8080", "-");

        Assert.Equal("--state-dir\n--api-token-file\n--timeout\n--help\n-h\n:4\n", result.Stdout);
    }

    [Fact]
    public async Task Global_flags_a_command_refuses_are_not_offered()
    {
        var keygen = await CliRunner.RunAsync("__completeNoDesc", "keygen", "--");
        var sync = await CliRunner.RunAsync("__completeNoDesc", "sync", "--no-env");

        Assert.Equal("--output-dir\n--help\n:4\n", keygen.Stdout);
        Assert.Equal("--no-envsubst\n:4\n", sync.Stdout);
    }

    [Fact]
    public async Task Multi_line_descriptions_are_cut_to_their_first_line()
    {
        var result = await CliRunner.RunAsync("__complete", "coordinator", "--hostn");

        Assert.Equal("--hostname\toverrides $FLUX_MIRROR_HOSTNAME\n:4\n", result.Stdout);
    }
}
