using System.Text;
using FluxMirror.Domain.GoCompat;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Loads the first document of a Helm YAML file (JSON too, being YAML flow syntax) into YamlDotNet nodes. The tree is
/// built from the event stream with a nesting limit, so a hostile index of nested brackets cannot exhaust the stack, and
/// with go-yaml's alias budget, so an index that reuses an alias thousands of times is refused before anyone walks it;
/// duplicate keys keep the last value, as go-yaml does.
/// </summary>
internal sealed class HelmYaml
{
    private const int MaxDepth = 512;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Dictionary<string, (YamlNode Node, long ExpandedSize)> _anchors = new(StringComparer.Ordinal);
    private readonly YamlAliasBudget _budget = new();
    private readonly IParser _parser;

    private HelmYaml(IParser parser) => _parser = parser;

    /// <returns>The root node, or null for an empty document or a null root.</returns>
    /// <exception cref="FormatException">With a one-line <c>yaml: line N: …</c> message.</exception>
    public static YamlNode? Load(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(Utf8Bom))
        {
            data = data[Utf8Bom.Length..];
        }

        var parser = new Parser(new StringReader(Encoding.UTF8.GetString(data)));
        try
        {
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return null;
            }

            var root = new HelmYaml(parser).ReadNode(0);
            return GoYamlFields.IsNull(root) ? null : root;
        }
        catch (YamlException ex)
        {
            throw new FormatException($"yaml: line {ex.Start.Line}: {WithoutLocation(ex.Message)}", ex);
        }
    }

    /// <summary>The root as a mapping; anything else cannot be read into a Go struct.</summary>
    public static YamlMappingNode? LoadMapping(ReadOnlySpan<byte> data, string target) => Load(data) switch
    {
        null => null,
        YamlMappingNode map => map,
        YamlSequenceNode => throw new FormatException($"cannot unmarshal array into {target}"),
        _ => throw new FormatException($"cannot unmarshal string into {target}"),
    };

    private YamlNode ReadNode(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"yaml: document nested deeper than {MaxDepth} levels");
        }

        var current = _parser.Current ?? throw new FormatException("yaml: unexpected end of document");
        _parser.MoveNext();
        if (current is AnchorAlias alias)
        {
            return Expand(alias);
        }

        var decodedBefore = _budget.Decoded;
        _budget.Node();
        YamlNode node;
        switch (current)
        {
            case Scalar scalar:
                node = new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag };
                break;
            case SequenceStart start:
                var sequence = new YamlSequenceNode { Tag = start.Tag };
                while (!_parser.TryConsume<SequenceEnd>(out _))
                {
                    sequence.Add(ReadNode(depth + 1));
                }

                node = sequence;
                break;
            case MappingStart start:
                var mapping = new YamlMappingNode { Tag = start.Tag };
                while (!_parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(depth + 1);
                    mapping.Children[key] = ReadNode(depth + 1);
                }

                node = mapping;
                break;
            default:
                throw new FormatException("yaml: unexpected event in document");
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            _anchors[anchored.Anchor.Value] = (node, _budget.Decoded - decodedBefore);
        }

        return node;
    }

    // The alias stays a second reference to the anchored node; the budget counts what walking it will cost.
    private YamlNode Expand(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new FormatException($"yaml: unknown anchor '{alias.Value.Value}' referenced");
        }

        return _budget.TryExpand(target.ExpandedSize) ? target.Node : throw new FormatException($"yaml: {YamlAliasBudget.ExcessiveAliasing}");
    }

    // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: …): "; the line is already in our prefix.
    private static string WithoutLocation(string message)
    {
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message).ReplaceLineEndings(" ");
    }
}
