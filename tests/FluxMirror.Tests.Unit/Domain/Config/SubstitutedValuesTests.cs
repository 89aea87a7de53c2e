using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>A message about a substituted value shows the <c>${NAME}</c> it came from, never the value.</summary>
public sealed class SubstitutedValuesTests
{
    private const string Secret = "Host=db;Username=postgres;Password=hunter2-pg";

    [Theory]
    [InlineData("FLUX_MIRROR_POSTGRES")]
    [InlineData("SOME_SECRET")]
    public void A_validation_message_quotes_the_expression(string name)
    {
        var error = ConfigText.ErrorOf($"apiVersion: ${{{name}}}\nkind: Config\n" + ConfigText.Artifact, ConfigText.Env((name, Secret)));

        Assert.Equal($"apiVersion must be \"mirror.plugin.fluxcd.io/v1beta1\", got \"${{{name}}}\"", error);
    }

    [Fact]
    public void A_partly_substituted_value_shows_its_literal_parts()
    {
        var error = ConfigText.ErrorOf(
            ConfigText.Header + "artifacts: [{source: \"ghcr.io/${ORG}/App\", destination: quay.io/org/app}]\n",
            ConfigText.Env(("ORG", "s3cr3t-org")));

        Assert.Contains("\"ghcr.io/${ORG}/App\"", error);
        Assert.DoesNotContain("s3cr3t-org", error);
    }

    [Fact]
    public void A_value_with_quotes_and_lines_is_masked_in_every_form()
    {
        const string value = "line \"one\"\nline two";
        var error = ConfigText.ErrorOf("apiVersion: \"${SOME_SECRET}\"\nkind: Config\n" + ConfigText.Artifact, ConfigText.Env(("SOME_SECRET", value.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))));

        Assert.Contains("${SOME_SECRET}", error);
        Assert.DoesNotContain("one", error);
        Assert.DoesNotContain("two", error);
    }

    [Fact]
    public void A_parse_error_in_a_substituted_value_does_not_show_it()
    {
        var error = ConfigText.ErrorOf(ConfigText.Header + ConfigText.Artifact + "hosts: [{host: ghcr.io, maxChunkSize: \"${CHUNK}\"}]\n", ConfigText.Env(("CHUNK", "hunter2-chunk")));

        Assert.DoesNotContain("hunter2-chunk", error);
    }

    [Fact]
    public void A_default_is_shown_as_the_expression()
    {
        var error = ConfigText.ErrorOf("apiVersion: ${UNSET:-v0}\nkind: Config\n" + ConfigText.Artifact);

        Assert.EndsWith("got \"${UNSET:-v0}\"", error);
    }

    [Fact]
    public void A_short_value_is_masked_where_it_is_quoted_whole_only()
    {
        var masked = SubstitutedValues.Mask("hosts[1]: got \"1\"", [new("${N}", "1")]);

        Assert.Equal("hosts[1]: got \"${N}\"", masked);
    }

    [Fact]
    public void Mask_prefers_the_longest_value_and_never_rematches_a_placeholder()
    {
        var masked = SubstitutedValues.Mask("got \"abcdef\" and \"ab\" and \"{\"", [new("${A}", "ab"), new("${B}", "abcdef"), new("${C}", "{")]);

        Assert.Equal("got \"${B}\" and \"${A}\" and \"${C}\"", masked);
    }
}
