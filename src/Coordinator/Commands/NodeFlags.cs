using FluxMirror.Actors.Nodes;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Commands;

/// <summary>The node flags of <c>coordinator</c> and <c>worker</c>: each overrides its FLUX_MIRROR_* variable.</summary>
public static class NodeFlags
{
    public static IReadOnlyList<Flag> For(IEnumerable<string> names) =>
        [.. names.Select(n => new Flag(n, null, FlagKind.String, "", $"overrides $FLUX_MIRROR_{n.ToUpperInvariant().Replace('-', '_')}"))];

    /// <summary>The settings the given flags and the environment make; a bad value is one <see cref="CliException"/> line.</summary>
    public static NodeArguments Parse(ParsedArgs args, IEnumerable<string> names)
    {
        try
        {
            return NodeArguments.Parse([.. names.Where(args.IsSet).SelectMany(n => new[] { "--" + n, args.String(n) })]);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
