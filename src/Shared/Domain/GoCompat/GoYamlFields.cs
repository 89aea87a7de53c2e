using System.Numerics;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// Reads typed fields the way <c>sigs.k8s.io/yaml</c> feeds YAML into Go structs: keys match field names
/// case-insensitively (last one wins), nulls leave the zero value, scalars are coerced into string fields, and a wrong
/// shape fails with a one-line message. Unknown keys are ignored.
/// </summary>
internal static class GoYamlFields
{
    /// <summary>Mapping entries with their keys as Go strings, in document order.</summary>
    public static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map)
    {
        foreach (var (key, value) in map.Children)
        {
            yield return (key is YamlScalarNode scalar ? GoYamlScalar.ToGoString(scalar) ?? string.Empty : string.Empty, value);
        }
    }

    public static bool IsNull(YamlNode node) => node is YamlScalarNode scalar && GoYamlScalar.Resolve(scalar) is null;

    public static YamlMappingNode? Mapping(YamlNode node, string field) => node switch
    {
        YamlMappingNode map => map,
        _ when IsNull(node) => null,
        _ => throw Mismatch(node, field, "object"),
    };

    public static string String(YamlNode node, string field) => node switch
    {
        YamlScalarNode scalar => GoYamlScalar.ToGoString(scalar) ?? string.Empty,
        _ => throw Mismatch(node, field, "string"),
    };

    public static bool Bool(YamlNode node, string field) => node switch
    {
        YamlScalarNode scalar when GoYamlScalar.Resolve(scalar) is bool b => b,
        _ when IsNull(node) => false,
        _ => throw Mismatch(node, field, "bool"),
    };

    public static IReadOnlyList<string>? StringList(YamlNode node, string field) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(item => String(item, field))],
        _ when IsNull(node) => null,
        _ => throw Mismatch(node, field, "[]string"),
    };

    public static IReadOnlyList<YamlNode>? List(YamlNode node, string field, string type) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children],
        _ when IsNull(node) => null,
        _ => throw Mismatch(node, field, type),
    };

    public static IReadOnlyDictionary<string, string>? StringMap(YamlNode node, string field)
    {
        if (Mapping(node, field) is not { } map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(map))
        {
            result[key] = String(value, field);
        }

        return result;
    }

    /// <summary>A Go <c>interface{}</c> after the YAML→JSON round trip: maps, lists, strings, bools, float64 numbers.</summary>
    public static object? Any(YamlNode node) => node switch
    {
        YamlMappingNode map => Entries(map).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => Any(g.Last().Value), StringComparer.Ordinal)
            as IReadOnlyDictionary<string, object?>,
        YamlSequenceNode sequence => sequence.Children.Select(Any).ToList(),
        YamlScalarNode scalar => GoYamlScalar.Resolve(scalar) switch
        {
            BigInteger i => (double)i,
            var v => v,
        },
        _ => null,
    };

    private static FormatException Mismatch(YamlNode node, string field, string type)
    {
        var kind = node switch
        {
            YamlMappingNode => "object",
            YamlSequenceNode => "array",
            YamlScalarNode scalar => GoYamlScalar.Resolve(scalar) switch
            {
                bool => "bool",
                BigInteger or double => "number",
                _ => "string",
            },
            _ => "value",
        };
        return new FormatException($"cannot unmarshal {kind} into field \"{field}\" of type {type}");
    }
}
