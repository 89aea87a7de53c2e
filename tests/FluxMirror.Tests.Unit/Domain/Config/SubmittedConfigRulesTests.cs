using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>What a config submitted to the cluster may refer to in a node's environment.</summary>
public sealed class SubmittedConfigRulesTests
{
    private const string Postgres = "Host=db;Username=postgres;Password=hunter2-pg";

    private static LoadOptions Submitted(SubmittedConfigRules rules, params (string Name, string Value)[] vars) =>
        ConfigText.Env(vars) with { Submitted = rules };

    [Fact]
    public void A_node_setting_is_refused_before_it_is_read()
    {
        var read = new List<string>();
        var options = new LoadOptions(GetEnv: name =>
        {
            read.Add(name);
            return Postgres;
        }, Submitted: new SubmittedConfigRules());

        var error = ConfigText.ErrorOf("apiVersion: ${FLUX_MIRROR_POSTGRES}\nkind: Config\n" + ConfigText.Artifact, options);

        Assert.Equal("config: ${FLUX_MIRROR_POSTGRES} is a node setting and cannot be used in a submitted config", error);
        Assert.Empty(read);
    }

    [Theory]
    [InlineData("${FLUX_MIRROR_POSTGRES:-x}")]
    [InlineData("${OTHER:-${FLUX_MIRROR_POSTGRES}}")]
    [InlineData("${#FLUX_MIRROR_POSTGRES}")]
    [InlineData("prefix-${FLUX_MIRROR_SEEDS}")]
    public void A_node_setting_is_refused_in_any_expression(string expression)
    {
        var error = ConfigText.ErrorOf(
            ConfigText.Header + $"artifacts: [{{source: ghcr.io/org/app, destination: \"quay.io/org/{expression}\"}}]\n",
            Submitted(new SubmittedConfigRules(), ("OTHER", "x"), ("FLUX_MIRROR_POSTGRES", Postgres), ("FLUX_MIRROR_SEEDS", "s")));

        Assert.Contains("is a node setting and cannot be used in a submitted config", error);
        Assert.DoesNotContain(Postgres, error);
    }

    [Fact]
    public void The_embedded_run_substitutes_any_variable()
    {
        var config = ConfigText.Load(
            ConfigText.Header + "artifacts: [{source: ghcr.io/org/app, destination: \"quay.io/${FLUX_MIRROR_ORG}/app\"}]\n",
            ConfigText.Env(("FLUX_MIRROR_ORG", "mine")));

        Assert.Equal("quay.io/mine/app", config.Artifacts[0].Destination);
    }

    [Fact]
    public void Without_an_allow_list_other_variables_are_substituted()
    {
        var config = ConfigText.Load(
            ConfigText.Header + "artifacts: [{source: ghcr.io/org/app, destination: \"quay.io/${ORG}/app\"}]\n",
            Submitted(new SubmittedConfigRules(), ("ORG", "mine")));

        Assert.Equal("quay.io/mine/app", config.Artifacts[0].Destination);
    }

    [Fact]
    public void An_allow_list_admits_its_names_and_prefixes_only()
    {
        var rules = SubmittedConfigRules.FromNodeEnvironment(n => n == SubmittedConfigRules.AllowListVariable ? " ORG , MIRROR_* " : null);
        var yaml = ConfigText.Header + "artifacts: [{source: \"ghcr.io/${MIRROR_SRC}/app\", destination: \"quay.io/${ORG}/app\"}]\n";

        var config = ConfigText.Load(yaml, Submitted(rules, ("ORG", "mine"), ("MIRROR_SRC", "theirs")));
        Assert.Equal("ghcr.io/theirs/app", config.Artifacts[0].Source);

        var error = ConfigText.ErrorOf(yaml.Replace("${ORG}", "${HOME}", StringComparison.Ordinal), Submitted(rules, ("HOME", "/root"), ("MIRROR_SRC", "x")));
        Assert.Equal("config: ${HOME} is not allowed in a submitted config; the nodes allow only FLUX_MIRROR_SUBMITTED_ENV=ORG,MIRROR_*", error);
    }

    [Fact]
    public void An_allow_list_never_admits_a_node_setting()
    {
        var rules = SubmittedConfigRules.FromNodeEnvironment(n => n == SubmittedConfigRules.AllowListVariable ? "FLUX_*" : null);

        var error = ConfigText.ErrorOf("apiVersion: ${FLUX_MIRROR_POSTGRES}\n", Submitted(rules, ("FLUX_MIRROR_POSTGRES", Postgres)));

        Assert.Contains("${FLUX_MIRROR_POSTGRES} is a node setting", error);
    }

    [Theory]
    [InlineData("A B")]
    [InlineData("A*B")]
    [InlineData("$HOME")]
    public void A_malformed_allow_list_is_refused(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => SubmittedConfigRules.FromNodeEnvironment(_ => value));
        Assert.Contains(SubmittedConfigRules.AllowListVariable, e.Message);
    }

    [Fact]
    public void No_substitution_means_no_variable_to_refuse()
    {
        var error = ConfigText.ErrorOf("apiVersion: ${FLUX_MIRROR_POSTGRES}\nkind: Config\n" + ConfigText.Artifact, new LoadOptions(EnvSubst: false, Submitted: new SubmittedConfigRules()));

        Assert.Contains("got \"${FLUX_MIRROR_POSTGRES}\"", error);
    }
}
