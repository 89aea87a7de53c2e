using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>The fields of one YAML mapping matched against a struct's known field names the way the reference's
/// YAML→JSON→encoding/json decoding does (exact name, else case-insensitive), except that unknown and
/// case-duplicated fields are rejected with their path instead of silently ignored.</summary>
internal sealed class YamlFields
{
    private static readonly YamlFields Empty = new("", new Dictionary<string, YNode>(StringComparer.Ordinal));
    private readonly Dictionary<string, YNode> _values;

    private YamlFields(string path, Dictionary<string, YNode> values)
    {
        Path = path;
        _values = values;
    }

    /// <summary>Path of the mapping itself, e.g. <c>artifacts[0].selector</c> ("" at the top level).</summary>
    public string Path { get; }

    public YNode? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>Reads a mapping that is optional in the model: an absent or null node gives null.</summary>
    public static YamlFields? Optional(YNode? node, string path, params string[] known) =>
        node is null or YScalar { IsNull: true } ? null : Required(node, path, known);

    /// <summary>Reads a mapping whose absence means "all fields unset" (Go's zero-value struct).</summary>
    public static YamlFields Required(YNode? node, string path, params string[] known)
    {
        if (node is null or YScalar { IsNull: true })
        {
            return Empty;
        }

        if (node is not YMapping mapping)
        {
            throw YamlValues.TypeError(node, path, "a mapping", secret: false);
        }

        var values = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var keys = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            var name = Match(key.Value, known)
                ?? throw new ConfigException(
                    $"parse config: unknown field {GoQuote.Quote(key.Value)} {Where(path)} (line {key.Line}, column {key.Column})");
            if (keys.TryGetValue(name, out var earlier))
            {
                throw new ConfigException(
                    $"parse config: field {GoQuote.Quote(key.Value)} {Where(path)} repeats {GoQuote.Quote(earlier.Value)} " +
                    $"from line {earlier.Line} (line {key.Line}, column {key.Column})");
            }

            keys[name] = key;
            values[name] = value;
        }

        return new YamlFields(path, values);
    }

    /// <summary>The path of a field of this mapping.</summary>
    public string PathOf(string name) => Path.Length == 0 ? name : Path + "." + name;

    private static string? Match(string key, string[] known) =>
        Array.Find(known, k => string.Equals(k, key, StringComparison.Ordinal))
        ?? Array.Find(known, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));

    private static string Where(string path) => path.Length == 0 ? "at the top level" : "at " + path;
}
