using FluxMirror.Coordinator.Api;
using FluxMirror.Coordinator.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Coordinator.Api;

/// <summary>Where a node and the CLI find the API token, and the one line when what they find is unusable.</summary>
public sealed class ApiTokenReaderTests : IDisposable
{
    private const string Secret = "s3cret-Token_value";
    private readonly string _directory = TempDirectory.Create("api-token");

    [Theory]
    [InlineData(Secret)]
    [InlineData(Secret + "\n")]
    [InlineData(Secret + "\r\n")]
    [InlineData(Secret + "\n\n")]
    public void A_token_file_is_read_without_its_trailing_line_break(string content)
    {
        var file = Write(content);

        Assert.Equal(Secret, ApiTokenReader.ForCoordinator(Env((ApiTokenReader.TokenFileVariable, file))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void An_empty_token_file_is_refused_not_taken_for_no_token(string content)
    {
        var file = Write(content);

        var error = Assert.Throws<CliException>(() => ApiTokenReader.ForCoordinator(Env((ApiTokenReader.TokenFileVariable, file))));

        Assert.Equal($"the API token file {file} (FLUX_MIRROR_API_TOKEN_FILE) is empty", error.Message);
    }

    [Fact]
    public void A_missing_or_oversized_file_is_one_line()
    {
        var missing = Path.Combine(_directory, "nope");
        var big = Write(new string('a', 5000));

        var notThere = Assert.Throws<CliException>(() => ApiTokenReader.ForClient(missing, Env()));
        var tooBig = Assert.Throws<CliException>(() => ApiTokenReader.ForClient(big, Env()));

        Assert.StartsWith($"cannot read the API token file {missing} (--api-token-file): ", notThere.Message);
        Assert.Equal($"the API token file {big} (--api-token-file) is larger than 4096 bytes: is it the token?", tooBig.Message);
    }

    [Fact]
    public void The_variable_serves_when_there_is_no_file_and_nothing_means_no_token()
    {
        Assert.Equal(Secret, ApiTokenReader.ForCoordinator(Env((ApiTokenReader.TokenVariable, Secret))));
        Assert.Null(ApiTokenReader.ForCoordinator(Env()));
        Assert.Null(ApiTokenReader.ForCoordinator(Env((ApiTokenReader.TokenVariable, ""), (ApiTokenReader.TokenFileVariable, ""))));
        Assert.Null(ApiTokenReader.ForClient(null, Env()));
    }

    [Fact]
    public void A_node_given_both_refuses_rather_than_guess()
    {
        var error = Assert.Throws<CliException>(() => ApiTokenReader.ForCoordinator(Env((ApiTokenReader.TokenVariable, Secret), (ApiTokenReader.TokenFileVariable, Write(Secret)))));

        Assert.Equal("set FLUX_MIRROR_API_TOKEN_FILE or FLUX_MIRROR_API_TOKEN, not both", error.Message);
    }

    [Fact]
    public void The_clis_file_wins_over_the_variable()
    {
        Assert.Equal(Secret, ApiTokenReader.ForClient(Write(Secret + "\n"), Env((ApiTokenReader.TokenVariable, "other"))));
        Assert.Equal("other", ApiTokenReader.ForClient(null, Env((ApiTokenReader.TokenVariable, "other"))));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("ünïcode")]
    public void A_token_no_header_can_carry_is_refused_without_showing_it(string token)
    {
        var error = Assert.Throws<CliException>(() => ApiTokenReader.ForCoordinator(Env((ApiTokenReader.TokenVariable, token))));

        Assert.Equal("FLUX_MIRROR_API_TOKEN: the API token must be printable ASCII without spaces", error.Message);
    }

    public void Dispose() => TempDirectory.TryDelete(_directory);

    private string Write(string content)
    {
        var path = Path.Combine(_directory, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, content);
        return path;
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
