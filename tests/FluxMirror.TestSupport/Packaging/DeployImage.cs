using FluxMirror.TestSupport.Schemas;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.TestSupport.Packaging;

/// <summary>
/// The image's name and tag as set in their one place, the <c>images:</c> entry of deploy/base/kustomization.yaml
/// for the placeholder name the manifests use.
/// </summary>
public sealed record DeployImage(string Name, string Tag)
{
    public const string Placeholder = "flux-mirror";

    public static string KustomizationPath { get; } = RepositoryFiles.PathOf("deploy", "base", "kustomization.yaml");

    public string Reference => $"{Name}:{Tag}";

    public static DeployImage FromKustomization()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(KustomizationPath))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var images = (YamlSequenceNode)root.Children[new YamlScalarNode("images")];
        var entry = images.Children.Cast<YamlMappingNode>()
            .Single(i => ((YamlScalarNode)i.Children[new YamlScalarNode("name")]).Value == Placeholder);
        return new DeployImage(
            ((YamlScalarNode)entry.Children[new YamlScalarNode("newName")]).Value!,
            ((YamlScalarNode)entry.Children[new YamlScalarNode("newTag")]).Value!);
    }
}
