using System.Text.RegularExpressions;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FluxMirror.Domain.Config;

/// <summary>Builds a <see cref="YNode"/> tree from YamlDotNet's event stream (not its representation model) so that
/// positions survive, duplicate keys are reported with both lines, aliases and <c>&lt;&lt;</c> merges resolve,
/// and every syntax problem becomes a one-line <c>parse config: yaml: line L...</c> message. Aliases stay references
/// to their anchored node; go-yaml's alias budget refuses a document whose expansion the mapper could not afford.</summary>
internal sealed partial class YamlTreeReader
{
    // A config is a few levels deep; the limit keeps a hostile "[[[[..." file from exhausting the stack.
    private const int MaxDepth = 64;
    private readonly Dictionary<string, (YNode Node, long ExpandedSize)> _anchors = new(StringComparer.Ordinal);
    private readonly YamlAliasBudget _budget = new();
    private readonly List<(int From, int To)> _multiLineScalars = [];
    private readonly IParser _parser;
    private readonly string _text;
    private int _depth;

    private YamlTreeReader(string text)
    {
        _text = text;
        _parser = new Parser(new StringReader(text));
    }

    /// <returns>The root node of the single document, or null when the document is empty.</returns>
    public static YNode? Read(string text)
    {
        var reader = new YamlTreeReader(text);
        YNode? root;
        try
        {
            root = reader.ReadStream();
        }
        catch (YamlException e)
        {
            throw reader.SyntaxError(e);
        }

        reader.RejectTabIndentation();
        return root is YScalar { IsNull: true } ? null : root;
    }

    private YNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        _parser.Consume<DocumentStart>();
        var root = ReadNode();
        _parser.Consume<DocumentEnd>();
        while (_parser.TryConsume<DocumentStart>(out var next))
        {
            // A trailing "---" with nothing after it is harmless; a second real document is not.
            if (ReadNode() is not YScalar { IsNull: true })
            {
                throw Error(Line(next.Start), "multiple YAML documents are not supported; put everything in one document");
            }

            _parser.Consume<DocumentEnd>();
        }

        _parser.Consume<StreamEnd>();
        return root;
    }

    private YNode ReadNode()
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        if (current is AnchorAlias alias)
        {
            _parser.MoveNext();
            return Expand(alias);
        }

        var decodedBefore = _budget.Decoded;
        _budget.Node();
        YNode node;
        string? anchor = null;
        switch (current)
        {
            case Scalar scalar:
                _parser.MoveNext();
                anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                if (scalar.End.Line > scalar.Start.Line)
                {
                    _multiLineScalars.Add((Line(scalar.Start) + 1, Line(scalar.End)));
                }

                node = new YScalar(scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value, Line(scalar.Start), Column(scalar.Start));
                break;
            case SequenceStart start:
                _parser.MoveNext();
                anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                node = Nested(start.Start, () => ReadSequence(start));
                break;
            case MappingStart start:
                _parser.MoveNext();
                anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                node = Nested(start.Start, () => ReadMapping(start));
                break;
            default:
                throw new YamlException(current.Start, current.End, "unexpected YAML event");
        }

        if (anchor is not null)
        {
            _anchors[anchor] = (node, _budget.Decoded - decodedBefore);
        }

        return node;
    }

    private YNode Expand(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw Error(Line(alias.Start), $"unknown anchor {GoQuote.Quote(alias.Value.Value)} referenced");
        }

        return _budget.TryExpand(target.ExpandedSize)
            ? target.Node
            : throw new ConfigException($"parse config: yaml: {YamlAliasBudget.ExcessiveAliasing}");
    }

    private YNode Nested(Mark start, Func<YNode> read)
    {
        if (++_depth > MaxDepth)
        {
            throw Error(Line(start), $"nesting deeper than {MaxDepth} levels is not supported");
        }

        var node = read();
        _depth--;
        return node;
    }

    private YSequence ReadSequence(SequenceStart start)
    {
        var items = new List<YNode>();
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode());
        }

        return new YSequence(items, Line(start.Start), Column(start.Start));
    }

    private YMapping ReadMapping(MappingStart start)
    {
        var entries = new List<YEntry>();
        var merged = new List<YEntry>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode();
            var value = ReadNode();
            if (keyNode is not YScalar key)
            {
                throw Error(keyNode.Line, "mapping keys must be scalars");
            }

            if (key is { Value: "<<", Tag: null, Style: ScalarStyle.Plain })
            {
                merged.AddRange(MergeSource(value, key.Line));
                continue;
            }

            if (firstLine.TryGetValue(key.Value, out var earlier))
            {
                throw Error(key.Line, $"key {GoQuote.Quote(key.Value)} already defined at line {earlier}");
            }

            firstLine[key.Value] = key.Line;
            entries.Add(new YEntry(key, value));
        }

        // Explicit keys win over merged ones; among merged sources the first one wins (YAML merge key rules).
        foreach (var entry in merged)
        {
            if (firstLine.TryAdd(entry.Key.Value, entry.Key.Line))
            {
                entries.Add(entry);
            }
        }

        return new YMapping(entries, Line(start.Start), Column(start.Start));
    }

    private static IEnumerable<YEntry> MergeSource(YNode value, int line) => value switch
    {
        YMapping map => map.Entries,
        YSequence seq when seq.Items.All(i => i is YMapping) => seq.Items.Cast<YMapping>().SelectMany(m => m.Entries),
        _ => throw Error(line, "map merge requires map or sequence of maps as the value"),
    };

    // YAML forbids tabs in indentation; some parsers silently accept them, so check every line that is not
    // the inside of a multi-line scalar (where a leading tab is content).
    private void RejectTabIndentation()
    {
        var lines = _text.Split('\n');
        var insideScalar = new bool[lines.Length + 2];
        foreach (var (from, to) in _multiLineScalars)
        {
            for (var line = from; line <= to && line < insideScalar.Length; line++)
            {
                insideScalar[line] = true;
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (!insideScalar[i + 1] && HasTabIndentation(lines[i]))
            {
                throw Error(i + 1, "found a tab character that violates indentation");
            }
        }
    }

    private static bool HasTabIndentation(string line)
    {
        var content = line.TrimStart(' ', '\t');
        var indent = line[..(line.Length - content.Length)];
        return indent.Contains('\t', StringComparison.Ordinal) && content.Trim().Length > 0 && !content.StartsWith('#');
    }

    private ConfigException SyntaxError(YamlException e)
    {
        // Parsers report tab indentation at odd places (often the start of the enclosing key), so name the tab itself.
        var lines = _text.Split('\n');
        var tabLine = Array.FindIndex(lines, HasTabIndentation);
        if (tabLine >= 0)
        {
            return Error(tabLine + 1, "found a tab character that violates indentation");
        }

        var line = Line(e.Start);
        var what = MarkPrefix().Replace(e.Message, "").Trim();
        what = what.Length == 0 ? "invalid YAML" : char.ToLowerInvariant(what[0]) + what[1..].TrimEnd('.');
        return new ConfigException($"parse config: yaml: line {line}, column {Column(e.Start)}: {what}");
    }

    private static ConfigException Error(int line, string what) => new($"parse config: yaml: line {line}: {what}");

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
