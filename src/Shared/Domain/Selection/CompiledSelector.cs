using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Domain.Selection;

/// <summary>A selector whose regex and constraint are parsed; <see cref="Select"/> can run many times.</summary>
public sealed class CompiledSelector
{
    private readonly SelectorSpec spec;
    private readonly GoRegex? regex;
    private readonly SemverConstraint? constraint;

    internal CompiledSelector(SelectorSpec spec, GoRegex? regex, SemverConstraint? constraint)
    {
        this.spec = spec;
        this.regex = regex;
        this.constraint = constraint;
    }

    public SelectionResult Select(IReadOnlyList<string> tags)
    {
        var excluded = new List<TagExclusion>();
        var candidates = ApplyRegex(tags, excluded);
        candidates = ApplyConstraint(candidates, excluded);
        var sorted = TagSorter.Sort(candidates, spec.SortBy, excluded);

        int limit = spec.EffectiveLimit;
        int take = limit > 0 ? Math.Min(limit, sorted.Count) : sorted.Count;
        return new SelectionResult([.. sorted.Take(take).Select(c => c.Tag)], excluded) { BeyondLimit = [.. sorted.Skip(take).Select(c => c.Tag)] };
    }

    private List<Candidate> ApplyRegex(IReadOnlyList<string> tags, List<TagExclusion> excluded)
    {
        var result = new List<Candidate>(tags.Count);
        string? template = spec.Regex?.Extract;
        foreach (string tag in tags)
        {
            if (regex is null)
            {
                result.Add(new Candidate(tag, tag));
                continue;
            }
            var match = regex.FindSubmatchIndex(tag);
            if (match is null)
            {
                excluded.Add(new TagExclusion(tag, "did not match regex"));
                continue;
            }
            string key = string.IsNullOrEmpty(template) ? tag : regex.Expand(template, tag, match);
            result.Add(new Candidate(tag, key));
        }
        return result;
    }

    private List<Candidate> ApplyConstraint(List<Candidate> candidates, List<TagExclusion> excluded)
    {
        if (constraint is null)
        {
            return candidates;
        }
        var result = new List<Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (!LenientVersion.TryParse(candidate.Key, out var version))
            {
                excluded.Add(new TagExclusion(candidate.Tag, $"key not semver: {candidate.Key}"));
            }
            else if (!constraint.IsSatisfiedBy(version))
            {
                excluded.Add(new TagExclusion(candidate.Tag, $"fails semver constraint: {candidate.Key}"));
            }
            else
            {
                result.Add(candidate with { Version = version });
            }
        }
        return result;
    }
}
