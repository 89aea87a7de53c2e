using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Coordinator.Cli;

/// <summary>Flag values after parsing, with typed accessors that fall back to each flag's default.</summary>
public sealed class ParsedArgs(IReadOnlyDictionary<string, Flag> flags, IReadOnlyDictionary<string, List<string>> values, IReadOnlyList<string> positionals)
{
    public IReadOnlyList<string> Positionals { get; } = positionals;

    public bool IsSet(string name) => values.ContainsKey(name);

    public string String(string name) => values.TryGetValue(name, out var v) ? v[^1] : flags[name].Default;

    public IReadOnlyList<string> Strings(string name) => values.TryGetValue(name, out var v) ? v : [];

    public bool Bool(string name) => String(name) == "true";

    public int Int(string name) => int.Parse(String(name), System.Globalization.CultureInfo.InvariantCulture);

    public TimeSpan Duration(string name) => GoDuration.TryParse(String(name), out var d) ? d : throw new CliException($"invalid duration for --{name}");
}
