using System.Text;
using FluxMirror.Domain.Logins;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Unit.Domain.Logins;

public sealed class SecretManifestYamlTests
{
    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current).Children[new YamlScalarNode(key)];
        }

        return ((YamlScalarNode)current).Value!;
    }

    [Fact]
    public void The_manifest_is_a_dockerconfigjson_secret_with_base64_data()
    {
        var logins = new[] { HostLogin.Basic("r.example", "robot", "pw") };
        var yaml = SecretManifestYaml.Render(DockerConfigSecret.For("regcreds", "flux-system", logins));

        var root = Parse(yaml);
        Assert.Equal("v1", Scalar(root, "apiVersion"));
        Assert.Equal("Secret", Scalar(root, "kind"));
        Assert.Equal("regcreds", Scalar(root, "metadata", "name"));
        Assert.Equal("flux-system", Scalar(root, "metadata", "namespace"));
        Assert.Equal("kubernetes.io/dockerconfigjson", Scalar(root, "type"));
        var data = Encoding.UTF8.GetString(Convert.FromBase64String(Scalar(root, "data", ".dockerconfigjson")));
        Assert.Equal(DockerConfigJson.Serialize(logins), data);
        Assert.DoesNotContain("pw", yaml.Replace(Scalar(root, "data", ".dockerconfigjson"), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_namespace_the_manifest_leaves_it_to_whoever_applies_it()
    {
        var yaml = SecretManifestYaml.Render(DockerConfigSecret.For("regcreds", null, [HostLogin.Token("r.example", "t")]));

        Assert.False(((YamlMappingNode)Parse(yaml).Children[new YamlScalarNode("metadata")]).Children.ContainsKey(new YamlScalarNode("namespace")));
        Assert.Equal(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcreds\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: " +
            Convert.ToBase64String("""{"auths":{"r.example":{"registrytoken":"t"}}}"""u8) + "\n",
            yaml);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("123")]
    [InlineData("a: b")]
    [InlineData("#x")]
    public void A_name_yaml_would_read_as_something_else_is_quoted(string name)
    {
        var yaml = SecretManifestYaml.Render(DockerConfigSecret.For(name, name, [HostLogin.Token("r.example", "t")]));

        var root = Parse(yaml);
        Assert.Equal(name, Scalar(root, "metadata", "name"));
        var node = (YamlScalarNode)((YamlMappingNode)root.Children[new YamlScalarNode("metadata")]).Children[new YamlScalarNode("namespace")];
        Assert.Equal(name, node.Value);
        Assert.Equal(YamlDotNet.Core.ScalarStyle.DoubleQuoted, node.Style);
    }
}
