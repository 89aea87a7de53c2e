using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Commands;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

public class FlagParserTests
{
    private static ParsedArgs Parse(params string[] args) => FlagParser.Parse(SyncFlags.All, args);

    [Fact]
    public void Defaults_match_the_reference()
    {
        var settings = SyncSettings.From(Parse());
        Assert.Equal(4, settings.Job.Concurrency);
        Assert.Equal(3, settings.Job.Retries);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Job.Timeout);
        Assert.Equal(2, settings.DriftExitCode);
        Assert.Equal(OutputFormat.Text, settings.Output);
        Assert.False(settings.Job.DryRun);
        Assert.False(settings.Job.Overwrite);
        Assert.False(settings.Job.Insecure);
        Assert.Equal(32, settings.HostLimits!.MaxConcurrent);
        Assert.False(settings.Fresh);
    }

    [Theory]
    [InlineData(new[] { "-o", "json" }, OutputFormat.Json)]
    [InlineData(new[] { "-ojson" }, OutputFormat.Json)]
    [InlineData(new[] { "-o=yaml" }, OutputFormat.Yaml)]
    [InlineData(new[] { "--output", "yaml" }, OutputFormat.Yaml)]
    [InlineData(new[] { "--output=text" }, OutputFormat.Text)]
    public void Output_accepts_every_pflag_spelling(string[] args, OutputFormat expected) =>
        Assert.Equal(expected, SyncSettings.From(Parse(args)).Output);

    [Fact]
    public void Values_bools_and_positionals_parse()
    {
        var settings = SyncSettings.From(Parse("cfg.yaml", "--concurrency", "8", "--retries=0", "--timeout", "1m30s", "--dry-run", "--overwrite=true", "--insecure", "--drift-exit-code", "0"));
        Assert.Equal("cfg.yaml", settings.ConfigArgument);
        Assert.Equal(8, settings.Job.Concurrency);
        Assert.Equal(0, settings.Job.Retries);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Job.Timeout);
        Assert.True(settings.Job.DryRun);
        Assert.True(settings.Job.Overwrite);
        Assert.True(settings.Job.Insecure);
        Assert.Equal(0, settings.DriftExitCode);
    }

    [Fact]
    public void Double_dash_ends_flags() => Assert.Equal(["--dry-run"], Parse("--", "--dry-run").Positionals);

    [Theory]
    [InlineData(new[] { "--nope" }, "unknown flag: --nope")]
    [InlineData(new[] { "-x" }, "unknown shorthand flag: 'x' in -x")]
    [InlineData(new[] { "--concurrency" }, "flag needs an argument: --concurrency")]
    [InlineData(new[] { "-o" }, "flag needs an argument: 'o' in -o")]
    [InlineData(new[] { "--concurrency", "abc" }, "invalid argument \"abc\" for \"--concurrency\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData(new[] { "--timeout", "soon" }, "invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"")]
    [InlineData(new[] { "--dry-run=maybe" }, "invalid argument \"maybe\" for \"--dry-run\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    [InlineData(new[] { "-o", "xml" }, "invalid argument \"xml\" for \"-o, --output\" flag: unsupported output format 'xml', must be one of: text, yaml, json")]
    [InlineData(new[] { "-o", "" }, "invalid argument \"\" for \"-o, --output\" flag: no output format given, must be one of: text, yaml, json")]
    [InlineData(new[] { "--concurrency", "0" }, "--concurrency must be greater than 0")]
    [InlineData(new[] { "--retries", "-1" }, "--retries must be greater than or equal to 0")]
    [InlineData(new[] { "--timeout", "0s" }, "--timeout must be greater than 0")]
    [InlineData(new[] { "--drift-exit-code", "256" }, "--drift-exit-code must be between 0 and 255")]
    [InlineData(new[] { "--drift-exit-code", "-1" }, "--drift-exit-code must be between 0 and 255")]
    [InlineData(new[] { "--max-requests-per-host", "0" }, "--max-requests-per-host must be greater than 0")]
    public void Bad_flags_give_one_clear_message(string[] args, string message)
    {
        var ex = Assert.Throws<CliException>(() => SyncSettings.From(Parse(args)));
        Assert.Equal(message, ex.Message);
        Assert.Equal(1, ex.ExitCode);
    }
}
