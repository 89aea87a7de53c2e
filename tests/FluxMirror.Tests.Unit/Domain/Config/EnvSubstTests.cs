using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

public sealed class EnvSubstTests
{
    private static readonly Dictionary<string, string> Vars = new()
    {
        ["TOKEN"] = "s3cr3t",
        ["EMPTY"] = "",
        ["FILE"] = "bash.string.txt",
        ["PATHV"] = "/home/bozo/ideas/thoughts.for.today",
        ["MIXED"] = "abcABC123ABCabc",
        ["WORD"] = "hello",
    };

    private static string Sub(string text)
    {
        Assert.True(EnvSubst.TrySubstitute(text, Vars.GetValueOrDefault, out var result, out var error), error);
        return result;
    }

    private static string SubError(string text)
    {
        Assert.False(EnvSubst.TrySubstitute(text, Vars.GetValueOrDefault, out _, out var error));
        return error;
    }

    [Theory]
    [InlineData("value: ${TOKEN}", "value: s3cr3t")]
    [InlineData("a${TOKEN}b${WORD}c", "as3cr3tbhelloc")]
    [InlineData("empty: '${EMPTY}'", "empty: ''")]
    [InlineData("bare: $WORD and $patch", "bare: $WORD and $patch")]
    [InlineData("no vars here", "no vars here")]
    [InlineData("price: 5$", "price: 5$")]
    [InlineData("escaped: $${WORD}", "escaped: ${WORD}")]
    [InlineData("double: a$$b", "double: a$b")]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${EMPTY-fallback}", "")]
    [InlineData("${MISSING-fallback}", "fallback")]
    [InlineData("${MISSING:=assigned}", "assigned")]
    [InlineData("${MISSING=assigned}", "assigned")]
    [InlineData("${WORD:-fallback}", "hello")]
    [InlineData("${WORD:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${MISSING+alt}", "")]
    [InlineData("${MISSING:-${WORD}}", "hello")]
    [InlineData("${MISSING:-pre${WORD}post}", "prehellopost")]
    [InlineData("${WORD:-${NOT_EVALUATED}}", "hello")]
    [InlineData("${#WORD}", "5")]
    [InlineData("${WORD^^}", "HELLO")]
    [InlineData("${WORD^}", "Hello")]
    [InlineData("${MIXED,,}", "abcabc123abcabc")]
    [InlineData("${MIXED,}", "abcABC123ABCabc")]
    [InlineData("${PATHV:11}", "ideas/thoughts.for.today")]
    [InlineData("${PATHV:11:5}", "ideas")]
    [InlineData("${WORD: -3}", "llo")]
    [InlineData("${MIXED/abc/xyz}", "xyzABC123ABCabc")]
    [InlineData("${MIXED//abc/xyz}", "xyzABC123ABCxyz")]
    [InlineData("${MIXED/#abc/XYZ}", "XYZABC123ABCabc")]
    [InlineData("${MIXED/%abc/XYZ}", "abcABC123ABCXYZ")]
    [InlineData("${WORD/#/pre-}", "pre-hello")]
    [InlineData("${WORD/l}", "helo")]
    [InlineData("${PATHV//\\//-}", "-home-bozo-ideas-thoughts.for.today")]
    [InlineData("${FILE#*.}", "string.txt")]
    [InlineData("${FILE##*.}", "txt")]
    [InlineData("${FILE%.*}", "bash.string")]
    [InlineData("${FILE%%.*}", "bash")]
    [InlineData("${FILE#bash.}", "string.txt")]
    [InlineData("${FILE%.txt}", "bash.string")]
    public void Substitutes(string input, string expected) => Assert.Equal(expected, Sub(input));

    [Theory]
    [InlineData("${MISSING}", "variable not set (strict mode): \"MISSING\"")]
    [InlineData("a: ${TOKEN}\nb: ${NOPE}", "variable not set (strict mode): \"NOPE\"")]
    [InlineData("${#MISSING}", "variable not set (strict mode): \"MISSING\"")]
    [InlineData("${MISSING^^}", "variable not set (strict mode): \"MISSING\"")]
    [InlineData("${MISSING/a/b}", "variable not set (strict mode): \"MISSING\"")]
    [InlineData("${MISSING:0:2}", "variable not set (strict mode): \"MISSING\"")]
    [InlineData("${MISSING:-${ALSO_MISSING}}", "variable not set (strict mode): \"ALSO_MISSING\"")]
    [InlineData("${MISSING:?must be set}", "MISSING: must be set")]
    [InlineData("${EMPTY:?must be set}", "EMPTY: must be set")]
    [InlineData("${MISSING?}", "MISSING: parameter null or not set")]
    [InlineData("${TOKEN", "missing closing brace")]
    [InlineData("${", "missing closing brace")]
    [InlineData("${}", "unable to parse variable name")]
    [InlineData("${TOKEN x}", "missing closing brace")]
    [InlineData("${#}", "bad substitution")]
    [InlineData("${WORD:x}", "WORD: invalid substring offset or length \"x\"")]
    public void Reports_errors(string input, string expected) => Assert.Equal(expected, SubError(input));

    [Fact]
    public void Empty_question_operator_allows_set_but_empty() => Assert.Equal("", Sub("${EMPTY?boom}"));

    [Fact]
    public void Loader_substitutes_keys_and_values()
    {
        var yaml = ConfigText.Header + ConfigText.Artifact + "hosts:\n  - host: ${REGISTRY}\n    credential:\n      ${KEY}: ${REGISTRY_TOKEN}\n";
        var config = ConfigText.Load(yaml, ConfigText.Env(("REGISTRY", "ghcr.io"), ("KEY", "value"), ("REGISTRY_TOKEN", "env-token")));
        Assert.Equal("ghcr.io", config.Hosts[0].Host);
        Assert.Equal("env-token", config.Hosts[0].Credential!.Value);
    }

    [Fact]
    public void Loader_fails_strictly_on_unset_variables()
    {
        var yaml = ConfigText.Header + ConfigText.Artifact + "hosts: [{host: ghcr.io, credential: {value: '${QUAY_TOKEN}'}}]\n";
        Assert.Equal("substitute environment variables: variable not set (strict mode): \"QUAY_TOKEN\"", ConfigText.ErrorOf(yaml));
    }

    [Fact]
    public void Loader_allows_variables_set_to_empty()
    {
        var yaml = ConfigText.Header + ConfigText.Artifact + "hosts: [{host: ghcr.io, username: '${USER_NAME}', maxChunkSize: 1}]\n";
        var config = ConfigText.Load(yaml, ConfigText.Env(("USER_NAME", "")));
        Assert.Equal("", config.Hosts[0].Username);
    }

    [Fact]
    public void Loader_leaves_bare_dollar_words_alone()
    {
        var yaml = ConfigText.Header + "artifacts: [{source: ghcr.io/o/a, destination: quay.io/o/a, selector: {regex: {pattern: '^(?P<patch>\\d+)$', extract: '$patch'}}}]\n";
        var config = ConfigText.Load(yaml);
        Assert.Equal("$patch", config.Artifacts[0].Selector.Regex!.Extract);
        Assert.Equal("^(?P<patch>\\d+)$", config.Artifacts[0].Selector.Regex!.Pattern);
    }

    [Fact]
    public void No_envsubst_keeps_placeholders_literal()
    {
        var yaml = ConfigText.Header + ConfigText.Artifact + "hosts: [{host: ghcr.io, credential: {value: '${QUAY_TOKEN}'}}]\n";
        var config = ConfigText.Load(yaml, ConfigText.NoEnv with { EnvSubst = false });
        Assert.Equal("${QUAY_TOKEN}", config.Hosts[0].Credential!.Value);
    }

    [Fact]
    public void Default_lookup_reads_the_process_environment()
    {
        var name = "FLUX_MIRROR_CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-process");
        try
        {
            var yaml = ConfigText.Header + ConfigText.Artifact + $"hosts: [{{host: ghcr.io, credential: {{value: '${{{name}}}'}}}}]\n";
            var config = ConfigLoader.Load(ConfigSource.FromStdin(yaml), new LoadOptions());
            Assert.Equal("from-process", config.Hosts[0].Credential!.Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
