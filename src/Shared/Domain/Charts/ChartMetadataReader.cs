using YamlDotNet.RepresentationModel;
using static FluxMirror.Domain.GoCompat.GoYamlFields;

namespace FluxMirror.Domain.Charts;

/// <summary>Maps a <c>Chart.yaml</c> document (or an index version entry) onto <see cref="ChartMetadata"/>.</summary>
internal static class ChartMetadataReader
{
    /// <summary>Applies the known keys of <paramref name="map"/> over <paramref name="metadata"/>, like a Go unmarshal into an existing struct.</summary>
    public static ChartMetadata Read(YamlMappingNode map, ChartMetadata? metadata = null)
    {
        var md = metadata ?? new ChartMetadata();
        foreach (var (key, value) in Entries(map))
        {
            md = key.ToLowerInvariant() switch
            {
                "name" => md with { Name = String(value, key) },
                "home" => md with { Home = String(value, key) },
                "sources" => md with { Sources = StringList(value, key) },
                "version" => md with { Version = String(value, key) },
                "description" => md with { Description = String(value, key) },
                "keywords" => md with { Keywords = StringList(value, key) },
                "maintainers" => md with { Maintainers = List(value, key, "[]Maintainer")?.Select(ReadMaintainer).ToList() },
                "icon" => md with { Icon = String(value, key) },
                "apiversion" => md with { ApiVersion = String(value, key) },
                "condition" => md with { Condition = String(value, key) },
                "tags" => md with { Tags = String(value, key) },
                "appversion" => md with { AppVersion = String(value, key) },
                "deprecated" => md with { Deprecated = Bool(value, key) },
                "annotations" => md with { Annotations = StringMap(value, key) },
                "kubeversion" => md with { KubeVersion = String(value, key) },
                "dependencies" => md with { Dependencies = List(value, key, "[]Dependency")?.Select(ReadDependency).ToList() },
                "type" => md with { Type = String(value, key) },
                _ => md,
            };
        }

        return md;
    }

    private static ChartMaintainer? ReadMaintainer(YamlNode node)
    {
        if (Mapping(node, "maintainers") is not { } map)
        {
            return null;
        }

        var maintainer = new ChartMaintainer();
        foreach (var (key, value) in Entries(map))
        {
            maintainer = key.ToLowerInvariant() switch
            {
                "name" => maintainer with { Name = String(value, key) },
                "email" => maintainer with { Email = String(value, key) },
                "url" => maintainer with { Url = String(value, key) },
                _ => maintainer,
            };
        }

        return maintainer;
    }

    private static ChartDependency? ReadDependency(YamlNode node)
    {
        if (Mapping(node, "dependencies") is not { } map)
        {
            return null;
        }

        var dependency = new ChartDependency();
        foreach (var (key, value) in Entries(map))
        {
            dependency = key.ToLowerInvariant() switch
            {
                "name" => dependency with { Name = String(value, key) },
                "version" => dependency with { Version = String(value, key) },
                "repository" => dependency with { Repository = String(value, key) },
                "condition" => dependency with { Condition = String(value, key) },
                "tags" => dependency with { Tags = StringList(value, key) },
                "enabled" => dependency with { Enabled = Bool(value, key) },
                "import-values" => dependency with { ImportValues = List(value, key, "[]interface {}")?.Select(Any).ToList() },
                "alias" => dependency with { Alias = String(value, key) },
                "depends-on" => dependency with { DependsOn = StringList(value, key) },
                _ => dependency,
            };
        }

        return dependency;
    }
}
