using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Domain.Selection;

/// <summary>
/// The sort step, highest first and stable (ties keep the registry listing order). Keys that cannot be read for
/// the chosen order are dropped with the reference's reason.
/// </summary>
internal static class TagSorter
{
    private delegate bool KeyReader<T>(Candidate candidate, out T key);

    public static List<Candidate> Sort(List<Candidate> candidates, SortOrder order, List<TagExclusion> excluded) => order switch
    {
        SortOrder.Alphabetical => Descending(candidates.Select(c => (c, c.Key)), Utf8OrdinalComparer.Instance),
        // NaN compares below every number, so NaN keys end up last instead of scrambling the order.
        SortOrder.Numerical => Descending(Keep<double>(candidates, excluded, ReadNumber, "not numeric for sort"), Comparer<double>.Default),
        _ => Descending(Keep<LenientVersion>(candidates, excluded, ReadVersion, "not semver for sort"), Comparer<LenientVersion>.Default),
    };

    private static bool ReadNumber(Candidate candidate, out double key) => GoFloatParser.TryParse(candidate.Key, out key);

    private static bool ReadVersion(Candidate candidate, out LenientVersion key)
    {
        key = candidate.Version!;
        return candidate.Version is not null || LenientVersion.TryParse(candidate.Key, out key!);
    }

    private static List<(Candidate Candidate, T Key)> Keep<T>(
        List<Candidate> candidates, List<TagExclusion> excluded, KeyReader<T> read, string reason)
    {
        var kept = new List<(Candidate, T)>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (read(candidate, out var key))
            {
                kept.Add((candidate, key));
            }
            else
            {
                excluded.Add(new TagExclusion(candidate.Tag, $"{reason}: {candidate.Key}"));
            }
        }
        return kept;
    }

    // OrderByDescending is a stable sort, which is what keeps ties in listing order.
    private static List<Candidate> Descending<T>(IEnumerable<(Candidate Candidate, T Key)> items, IComparer<T> comparer) =>
        [.. items.OrderByDescending(item => item.Key, comparer).Select(item => item.Candidate)];
}
