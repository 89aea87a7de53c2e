namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// go-yaml's guard against alias bombs ("billion laughs"), shared by every YAML reader of the project. Our readers
/// keep an alias as a second reference to its anchored node, so the tree itself stays as small as the text; but
/// whoever walks it (the config mapper, the Helm index parser) visits every alias in full, and a 100 KB index that
/// reuses one alias thousands of times expands to millions of objects. The budget counts the nodes a full expansion
/// would decode, as go-yaml's decoder does, and refuses the document where go-yaml would: once more than 100 nodes came
/// from aliases and they exceed the allowed share of all decoded nodes (99 % up to 400 000 nodes, falling to 10 % at
/// 4 000 000). The walk of an accepted document is therefore linear in its size, and anything Helm or the reference
/// accepts is accepted here.
/// </summary>
internal sealed class YamlAliasBudget
{
    /// <summary>go-yaml's text for a refused document.</summary>
    public const string ExcessiveAliasing = "document contains excessive aliasing";

    private const long RangeLow = 400_000;
    private const long RangeHigh = 4_000_000;

    private long _aliased;

    /// <summary>Nodes a full expansion of the document read so far would decode. The difference across the reading of
    /// one node is that node's expanded size, which is what an alias to it later costs.</summary>
    public long Decoded { get; private set; }

    /// <summary>One node read from the text (an alias event counts as one, as in go-yaml).</summary>
    public void Node() => Decoded++;

    /// <summary>An alias to a node whose expansion is <paramref name="expandedSize"/> nodes.</summary>
    /// <returns>False when the document now holds excessive aliasing; the reader must then refuse it.</returns>
    public bool TryExpand(long expandedSize)
    {
        Node();
        // Saturating: sizes only grow while the check passes, so this never matters in practice, but an overflow
        // must not turn a bomb into a small negative count.
        _aliased = SaturatingAdd(_aliased, expandedSize);
        Decoded = SaturatingAdd(Decoded, expandedSize);
        return !(_aliased > 100 && Decoded > 1000 && (double)_aliased / Decoded > AllowedRatio(Decoded));
    }

    private static double AllowedRatio(long decoded) => decoded switch
    {
        <= RangeLow => 0.99,
        >= RangeHigh => 0.10,
        _ => 0.99 - (0.89 * (decoded - RangeLow) / (RangeHigh - RangeLow)),
    };

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
