using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Packaging;
using FluxMirror.TestSupport.Schemas;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>
/// A kustomization rendered the way <c>kubectl apply -k</c> would, by <c>kubectl kustomize</c>, or read directly
/// (where kubectl is absent, and always once so that reading is tested too): the resources with the two
/// transformations every object depends on (the image's one place and the namespace) applied by hand; patches then
/// stay unapplied, which <see cref="ByKustomize"/> tells.
/// </summary>
internal sealed record RenderedManifests(IReadOnlyList<YamlMappingNode> Objects, bool ByKustomize)
{
    private const string Kubectl = "/usr/bin/kubectl";

    public static async Task<RenderedManifests> RenderAsync(string directory, bool kustomize, CancellationToken ct)
    {
        var path = RepositoryFiles.PathOf("deploy", directory);
        if (!kustomize || !File.Exists(Kubectl))
        {
            return new RenderedManifests(ReadDirectly(path, namespaceName: null), ByKustomize: false);
        }

        var rendered = await ProcessRunner.RunAsync(Kubectl, ["kustomize", path], ct);
        Assert.True(rendered.Succeeded, $"kubectl kustomize deploy/{directory} exited {rendered.ExitCode}: {rendered.StandardError}");
        return new RenderedManifests(Yaml.LoadAll(rendered.StandardOutput), ByKustomize: true);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    public YamlMappingNode Single(string kind, string name) => Assert.Single(OfKind(kind), o => o.Str("metadata", "name") == name);

    private static List<YamlMappingNode> ReadDirectly(string directory, string? namespaceName)
    {
        var kustomization = Yaml.LoadAll(File.ReadAllText(Path.Combine(directory, "kustomization.yaml")))[0];
        namespaceName = kustomization.Str("namespace") ?? namespaceName;
        var objects = new List<YamlMappingNode>();
        foreach (var resource in kustomization.Seq("resources").Select(r => ((YamlScalarNode)r).Value!))
        {
            var resourcePath = Path.GetFullPath(Path.Combine(directory, resource));
            objects.AddRange(Directory.Exists(resourcePath)
                ? ReadDirectly(resourcePath, namespaceName)
                : Yaml.LoadAll(File.ReadAllText(resourcePath)));
        }

        var image = DeployImage.FromKustomization();
        foreach (var container in objects.SelectMany(o => o.Seq("spec", "template", "spec", "containers")).OfType<YamlMappingNode>())
        {
            if (container.Str("image") == DeployImage.Placeholder)
            {
                container.Children[new YamlScalarNode("image")] = new YamlScalarNode(image.Reference);
            }
        }

        if (namespaceName is not null)
        {
            foreach (var o in objects.Where(o => o.Str("kind") != "Namespace"))
            {
                ((YamlMappingNode)o.At("metadata")!).Children[new YamlScalarNode("namespace")] = new YamlScalarNode(namespaceName);
            }
        }

        return objects;
    }
}
