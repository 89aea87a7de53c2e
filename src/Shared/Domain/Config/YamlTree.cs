using YamlDotNet.Core;

namespace FluxMirror.Domain.Config;

/// <summary>A parsed YAML node with its 1-based position, so mapping errors can name line and column.</summary>
internal abstract record YNode(int Line, int Column);

internal enum ScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

internal sealed record YScalar(string Value, ScalarStyle Style, string? Tag, int Line, int Column) : YNode(Line, Column)
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>The type the YAML 1.2 core schema gives the scalar: only untagged plain scalars are resolved
    /// by content; quoted scalars are strings; core tags (<c>!!str</c>, <c>!!int</c> …) are honoured.</summary>
    public ScalarKind Kind => Tag switch
    {
        CoreTagPrefix + "str" => ScalarKind.String,
        CoreTagPrefix + "null" => ScalarKind.Null,
        CoreTagPrefix + "bool" or CoreTagPrefix + "int" or CoreTagPrefix + "float" => YamlScalarResolver.Resolve(Value),
        null when Style is ScalarStyle.Plain or ScalarStyle.Any => YamlScalarResolver.Resolve(Value),
        _ => ScalarKind.String,
    };

    public bool IsNull => Kind == ScalarKind.Null;
}

internal sealed record YEntry(YScalar Key, YNode Value);

internal sealed record YMapping(IReadOnlyList<YEntry> Entries, int Line, int Column) : YNode(Line, Column);

internal sealed record YSequence(IReadOnlyList<YNode> Items, int Line, int Column) : YNode(Line, Column);
