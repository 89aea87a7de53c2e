using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>Reading manifests as plain YAML trees: paths of keys, scalars, sequences, and compose's merge keys.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToArray();
    }

    /// <summary>The node at a path of mapping keys; a key missing here falls back to a <c>&lt;&lt;</c> merge.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map)
            {
                return null;
            }

            node = map.Children.TryGetValue(new YamlScalarNode(key), out var child)
                ? child
                : map.Children.TryGetValue(new YamlScalarNode("<<"), out var merged) ? merged.At(key) : null;
        }

        return node;
    }

    public static string? Str(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Seq(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode seq ? seq.Children.ToArray() : [];

    /// <summary>A mapping's scalar entries, those of a <c>&lt;&lt;</c> merge included unless the mapping sets them.</summary>
    public static IReadOnlyDictionary<string, string> Map(this YamlNode? node, params string[] path)
    {
        var entries = new Dictionary<string, string>();
        if (node.At(path) is not YamlMappingNode map)
        {
            return entries;
        }

        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<")
            {
                foreach (var merged in value.Map())
                {
                    entries.TryAdd(merged.Key, merged.Value);
                }
            }
            else
            {
                entries[name] = (value as YamlScalarNode)?.Value ?? "";
            }
        }

        return entries;
    }

    /// <summary>Does every label a selector's matchLabels asks for appear among <paramref name="labels"/>?</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> matchLabels, IReadOnlyDictionary<string, string> labels) =>
        matchLabels.Count > 0 && matchLabels.All(m => labels.TryGetValue(m.Key, out var v) && v == m.Value);
}
