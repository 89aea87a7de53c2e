using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>
/// What this build cannot run is refused when the config is validated (CLI and coordinator alike), with the
/// validation's path prefixes, instead of when a node builds the job's runtime.
/// </summary>
public sealed class ConfigSupportTests
{
    private const string Src = "artifacts: [{source: ghcr.io/org/app, destination: quay.io/org/app";

    [Theory]
    [InlineData("hosts: [{host: a.example, maxChunkSize: 1}, {host: j.example, credential: {jwkValue: '{}', iss: i, sub: s}}]\n" + Src + "}]", "hosts[1]: credential: parse JWK: go-jose/go-jose: unknown json web key type ''")]
    [InlineData("hosts: [{host: s.example, tls: {serverAuth: {value: not-a-pem}}}]\n" + Src + "}]", "hosts[0]: tls: serverAuth: no valid certificates in CA bundle")]
    public void Unsupported_features_are_refused_at_validation_with_a_path_prefix(string body, string expected)
    {
        var yaml = ConfigText.Header + body + "\n";

        // The reference's rules accept it; what this build can run does not.
        Assert.NotNull(ConfigText.Load(yaml));
        Assert.Equal(expected, ConfigText.ErrorOf(() => ConfigLoader.LoadRunnable(ConfigSource.FromStdin(yaml), ConfigText.NoEnv)));
    }

    [Fact]
    public void Include_referrers_is_runnable()
    {
        var yaml = ConfigText.Header + Src + ", includeReferrers: true}]\n";

        var config = ConfigLoader.LoadRunnable(ConfigSource.FromStdin(yaml), ConfigText.NoEnv);

        Assert.True(config.Artifacts[0].IncludeReferrers);
    }

    [Fact]
    public void Files_named_by_the_config_must_be_readable_where_it_is_validated()
    {
        var dir = Directory.CreateTempSubdirectory("fm-support-").FullName;
        try
        {
            var token = "hosts: [{host: t.example, credential: {fromPath: missing.token}}]\n" + Src + "}]\n";
            var ca = "hosts: [{host: t.example, tls: {serverAuth: {fromPath: certs/ca.pem}}}]\n" + Src + "}]\n";
            var present = "hosts: [{host: t.example, credential: {fromPath: good.token}}]\n" + Src + "}]\n";
            File.WriteAllText(Path.Combine(dir, "good.token"), "t0k3n");

            Assert.Equal(
                $"hosts[0]: credential: fromPath: open {Path.Combine(dir, "missing.token")}: no such file or directory",
                ConfigText.ErrorOf(() => LoadFile(dir, token)));
            Assert.Equal(
                $"hosts[0]: tls: serverAuth: open {Path.Combine(dir, "certs/ca.pem")}: no such file or directory",
                ConfigText.ErrorOf(() => LoadFile(dir, ca)));
            Assert.Single(LoadFile(dir, present).Hosts);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_config_using_only_what_is_built_passes()
    {
        var yaml = ConfigText.Header + "hosts: [{host: a.example, username: u, credential: {value: t}, maxChunkSize: 64}]\n" + Src + ", overwrite: true}]\n";

        Assert.Null(ConfigSupport.FirstProblem(ConfigText.Load(yaml)));
    }

    private static MirrorConfig LoadFile(string dir, string body)
    {
        var path = Path.Combine(dir, $"mirror-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, ConfigText.Header + body);
        return ConfigLoader.LoadRunnable(ConfigSource.FromFile(path), ConfigText.NoEnv);
    }
}
