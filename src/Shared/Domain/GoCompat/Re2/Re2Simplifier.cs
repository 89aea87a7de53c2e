namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>
/// Go's Regexp.Simplify for the parts that shape matching: counted repetitions become copies plus nested
/// optionals (x{2,4} = xx(x(x)?)?), x{0} disappears, and a repeat of the same repeat collapses ((?:a+)+ = a+).
/// </summary>
internal static class Re2Simplifier
{
    private static readonly RepeatNode StarShape = new(new EmptyNode(), 0, -1, true, false);

    public static Re2Node Simplify(Re2Node node) => node switch
    {
        CaptureNode capture => capture with { Body = Simplify(capture.Body) },
        ConcatNode concat => new ConcatNode([.. concat.Items.Select(Simplify)]),
        AlternateNode alternate => new AlternateNode([.. alternate.Branches.Select(Simplify)]),
        RepeatNode { Counted: true } counted => SimplifyCounted(counted),
        RepeatNode repeat => Wrap(repeat.Min, repeat.Max, repeat.Greedy, Simplify(repeat.Body)),
        _ => node,
    };

    private static Re2Node SimplifyCounted(RepeatNode repeat)
    {
        if (repeat is { Min: 0, Max: 0 })
        {
            return new EmptyNode();
        }
        var sub = Simplify(repeat.Body);
        if (repeat.Max == -1)
        {
            if (repeat.Min <= 1)
            {
                return Wrap(repeat.Min, -1, repeat.Greedy, sub);
            }
            return new ConcatNode([.. Enumerable.Repeat(sub, repeat.Min - 1), Wrap(1, -1, repeat.Greedy, sub)]);
        }
        if (repeat is { Min: 1, Max: 1 })
        {
            return sub;
        }

        var prefix = Enumerable.Repeat(sub, repeat.Min).ToList();
        if (repeat.Max > repeat.Min)
        {
            // Nest the optional copies so the machine does less work: x{2,5} = xx(x(x(x)?)?)?
            var suffix = Wrap(0, 1, repeat.Greedy, sub);
            for (int i = repeat.Min + 1; i < repeat.Max; i++)
            {
                suffix = Wrap(0, 1, repeat.Greedy, new ConcatNode([sub, suffix]));
            }
            prefix.Add(suffix);
        }
        return prefix.Count == 1 ? prefix[0] : new ConcatNode(prefix);
    }

    // Go's simplify1: repeating the empty string is the empty string; x** is x* when greediness agrees.
    private static Re2Node Wrap(int min, int max, bool greedy, Re2Node sub)
    {
        if (sub is EmptyNode)
        {
            return sub;
        }
        if (sub is RepeatNode { Counted: false } inner && inner.Min == min && inner.Max == max && inner.Greedy == greedy)
        {
            return sub;
        }
        return StarShape with { Body = sub, Min = min, Max = max, Greedy = greedy };
    }
}
