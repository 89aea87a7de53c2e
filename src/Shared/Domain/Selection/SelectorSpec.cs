namespace FluxMirror.Domain.Selection;

/// <summary>The four-step tag pipeline of an artifact entry: regex prefilter, semver filter, sort, limit.</summary>
/// <param name="Regex">Optional Go RE2 prefilter; <see cref="RegexSpec.Extract"/> turns a match into the comparison key.</param>
/// <param name="Semver">Optional Masterminds-style semver constraint applied to the key.</param>
/// <param name="SortBy">semver (default), alphabetical or numerical.</param>
/// <param name="Limit">How many tags to keep from the top; null means 1, 0 means all.</param>
public sealed record SelectorSpec(RegexSpec? Regex = null, string? Semver = null, SortOrder SortBy = SortOrder.Semver, int? Limit = null)
{
    public int EffectiveLimit => Limit ?? 1;

    /// <summary>The selector a chart entry uses: its version range (default "*"), semver order, its limit (default 1).</summary>
    public static SelectorSpec ForChart(string? version, int? limit) =>
        new(Semver: string.IsNullOrEmpty(version) ? "*" : version, SortBy: SortOrder.Semver, Limit: limit ?? 1);
}

public sealed record RegexSpec(string Pattern, string? Extract = null);

public enum SortOrder
{
    Semver,
    Alphabetical,
    Numerical,
}

/// <summary>A tag the selector dropped, with the reason the reference logs at debug level.</summary>
public sealed record TagExclusion(string Tag, string Reason);

/// <summary>Selected tags highest first, plus every exclusion for <c>--verbose</c>.</summary>
public sealed record SelectionResult(IReadOnlyList<string> Selected, IReadOnlyList<TagExclusion> Excluded)
{
    /// <summary>
    /// Tags that passed every filter but fell below the limit, highest first. They are not exclusions (the
    /// reference does not log them); exposed for diagnostics.
    /// </summary>
    public IReadOnlyList<string> BeyondLimit { get; init; } = [];
}
