using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Unit.Domain.Config;

/// <summary>
/// schemas/config-v1beta1.json, the schema users point their editor at, agrees with the loader: what the loader accepts
/// validates, and the mistakes the loader refuses for their shape (unknown keys, wrong types) are flagged too.
/// </summary>
public sealed class ConfigSchemaTests
{
    /// <summary>Where the schema is deliberately stricter than the loader (listed in schemas/README.md).</summary>
    private static readonly HashSet<string> StricterThanTheLoader = ["sortBy blank means semver"];

    public static TheoryData<string, string> ValidConfigs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, body, expected) in ValidationCases.All().Select(row => row.Data))
        {
            if (expected.Length == 0 && !StricterThanTheLoader.Contains(name))
            {
                data.Add(name, body.StartsWith("apiVersion", StringComparison.Ordinal) ? body : ConfigText.Header + body);
            }
        }

        foreach (var example in Directory.EnumerateFiles(RepositoryFiles.PathOf("examples"), "*.yaml"))
        {
            data.Add(Path.GetFileName(example), File.ReadAllText(example));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidConfigs))]
    public void A_config_the_loader_accepts_validates(string name, string yaml)
    {
        Assert.NotNull(ConfigText.Load(yaml, ConfigText.Env(("QUAY_TOKEN", "t"), ("REGISTRY_PORT", "5000"))));

        var errors = ProjectSchema.Config.Errors(YamlToJson.Convert(yaml));

        Assert.True(errors.Count == 0, name + ": " + string.Join("; ", errors));
    }

    [Theory]
    [InlineData("unknown top-level key", "artifact: []\n" + ConfigText.Artifact)]
    [InlineData("unknown key in an artifact", "artifacts: [{source: ghcr.io/org/app, destination: quay.io/org/app, tags: [v1]}]\n")]
    [InlineData("artifacts not a list", "artifacts: 3\n")]
    [InlineData("limit not a number", "artifacts: [{source: ghcr.io/org/app, destination: quay.io/org/app, selector: {limit: many}}]\n")]
    [InlineData("unknown key in a host", ConfigText.Artifact + "hosts: [{host: quay.io, password: x}]\n")]
    public void A_config_of_the_wrong_shape_is_flagged_by_the_schema_and_refused_by_the_loader(string name, string body)
    {
        var yaml = ConfigText.Header + body;

        Assert.True(ProjectSchema.Config.Errors(YamlToJson.Convert(yaml)).Count > 0, name + ": the schema accepts it");
        Assert.NotEmpty(ConfigText.ErrorOf(yaml));
    }

    [Fact]
    public void The_wrong_api_version_is_flagged()
    {
        var yaml = "apiVersion: mirror.plugin.fluxcd.io/v1alpha1\nkind: Config\n" + ConfigText.Artifact;

        Assert.NotEmpty(ProjectSchema.Config.Errors(YamlToJson.Convert(yaml)));
    }
}
