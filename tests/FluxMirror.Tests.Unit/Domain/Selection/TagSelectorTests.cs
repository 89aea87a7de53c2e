using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Selection;

namespace FluxMirror.Tests.Unit.Domain.Selection;

public sealed class TagSelectorTests
{
    private static SelectionResult Select(SelectorSpec spec, params string[] tags) => TagSelector.Select(tags, spec);

    [Fact]
    public void SemverSortIsDefaultAndLimitDefaultsToOne()
    {
        var result = Select(new SelectorSpec(), "1.2.0", "1.10.0", "1.9.3");

        Assert.Equal(["1.10.0"], result.Selected);
        Assert.Equal(["1.9.3", "1.2.0"], result.BeyondLimit);
        Assert.Empty(result.Excluded);
    }

    [Fact]
    public void LimitZeroKeepsEverythingHighestFirst()
    {
        var result = Select(new SelectorSpec(Limit: 0), "v1.2", "2.0.0", "1.10.1", "0.9");

        Assert.Equal(["2.0.0", "1.10.1", "v1.2", "0.9"], result.Selected);
    }

    [Fact]
    public void LimitLargerThanTheListReturnsAll()
    {
        var result = Select(new SelectorSpec(Limit: 10), "1.0.0", "3.0.0");

        Assert.Equal(["3.0.0", "1.0.0"], result.Selected);
        Assert.Empty(result.BeyondLimit);
    }

    [Fact]
    public void SemverSortDropsUnparseableKeysWithReason()
    {
        var result = Select(new SelectorSpec(Limit: 0), "latest", "1.0.0", "1.2.3.4", "main");

        Assert.Equal(["1.0.0"], result.Selected);
        Assert.Equal(
            [new TagExclusion("latest", "not semver for sort: latest"), new TagExclusion("1.2.3.4", "not semver for sort: 1.2.3.4"),
             new TagExclusion("main", "not semver for sort: main")],
            result.Excluded);
    }

    [Fact]
    public void SemverTiesKeepListingOrder()
    {
        // Build metadata and the v prefix do not change precedence, so all four are equal.
        var result = Select(new SelectorSpec(Limit: 0), "1.0.0+b", "v1.0.0", "1.0.0", "1.0");

        Assert.Equal(["1.0.0+b", "v1.0.0", "1.0.0", "1.0"], result.Selected);
    }

    [Fact]
    public void ChartVersionsWithBuildMetadataCompareByPrecedence()
    {
        var result = TagSelector.Select(["1.2.3+up.2", "1.10.0+a", "1.2.4"], SelectorSpec.ForChart(null, 2));

        Assert.Equal(["1.10.0+a", "1.2.4"], result.Selected);
    }

    [Fact]
    public void AlphabeticalSortsDescendingByteWise()
    {
        var result = Select(
            new SelectorSpec(SortBy: SortOrder.Alphabetical, Limit: 0),
            "RELEASE.2024-11-12T08-30-15Z", "RELEASE.2025-01-02T00-00-00Z", "RELEASE.2024-02-01T10-00-00Z", "release.2000");

        // Lower-case letters sort after upper-case ones in byte order.
        Assert.Equal(
            ["release.2000", "RELEASE.2025-01-02T00-00-00Z", "RELEASE.2024-11-12T08-30-15Z", "RELEASE.2024-02-01T10-00-00Z"],
            result.Selected);
    }

    [Fact]
    public void AlphabeticalTiesKeepListingOrder()
    {
        var spec = new SelectorSpec(new RegexSpec(@"^(?P<day>\d{8})-", "$day"), SortBy: SortOrder.Alphabetical, Limit: 0);

        var result = Select(spec, "20240101-b", "20240102-a", "20240101-a");

        Assert.Equal(["20240102-a", "20240101-b", "20240101-a"], result.Selected);
    }

    [Fact]
    public void NumericalParsesFloatsAndNegativesLikeGo()
    {
        var result = Select(new SelectorSpec(SortBy: SortOrder.Numerical, Limit: 0), "-3", "2.5", "1e3", "0x1p-2", ".5", "10", "-inf", "abc", "1_0");

        Assert.Equal(["1e3", "10", "1_0", "2.5", ".5", "0x1p-2", "-3", "-inf"], result.Selected);
        Assert.Equal([new TagExclusion("abc", "not numeric for sort: abc")], result.Excluded);
    }

    [Fact]
    public void NumericalDropsOverflowAndMalformedNumbers()
    {
        var result = Select(new SelectorSpec(SortBy: SortOrder.Numerical, Limit: 0), "1e400", "0x1", "1__0", "7");

        Assert.Equal(["7"], result.Selected);
        Assert.Equal(["1e400", "0x1", "1__0"], result.Excluded.Select(e => e.Tag));
    }

    [Fact]
    public void DocsTimestampExampleSelectsByExtractedNumber()
    {
        var spec = new SelectorSpec(new RegexSpec(@"^.+-[0-9a-f]+-(?P<ts>\d+)$", "$ts"), SortBy: SortOrder.Numerical, Limit: 2);

        var result = Select(spec, "main-abc123-1700000300", "main-def456-1700000100", "latest", "main-0a1b2c-1700000200");

        Assert.Equal(["main-abc123-1700000300", "main-0a1b2c-1700000200"], result.Selected);
        Assert.Equal([new TagExclusion("latest", "did not match regex")], result.Excluded);
        Assert.Equal(["main-def456-1700000100"], result.BeyondLimit);
    }

    [Theory]
    [InlineData("$minor", "v1.12.0", "12")]
    [InlineData("${minor}", "v1.12.0", "12")]
    [InlineData("$1", "v1.12.0", "1")]
    [InlineData("${1}.x", "v1.12.0", "1.x")]
    [InlineData("$1x", "v1.12.0", "")] // Go reads "1x" as a name, and there is no such group.
    [InlineData("$nope", "v1.12.0", "")]
    [InlineData("$$$1", "v1.12.0", "$1")]
    [InlineData("a$", "v1.12.0", "a$")]
    public void ExtractExpandsLikeGo(string template, string tag, string expectedKey)
    {
        var spec = new SelectorSpec(new RegexSpec(@"^v(\d+)\.(?P<minor>\d+)", template), SortBy: SortOrder.Alphabetical);

        var result = Select(spec, tag);

        Assert.Equal([tag], result.Selected);
        Assert.Equal(expectedKey, GoRegexExpand(@"^v(\d+)\.(?P<minor>\d+)", template, tag));
    }

    [Fact]
    public void UnknownGroupGivesEmptyKeyThatSemverDrops()
    {
        var spec = new SelectorSpec(new RegexSpec(@"^v(?P<ver>.+)$", "$version"), Limit: 0);

        var result = Select(spec, "v1.0.0");

        Assert.Empty(result.Selected);
        Assert.Equal([new TagExclusion("v1.0.0", "not semver for sort: ")], result.Excluded);
    }

    [Fact]
    public void OutputKeepsOriginalTagsWhileSortingByKey()
    {
        var spec = new SelectorSpec(new RegexSpec(@"^6\.11\.(?P<patch>\d+)$", "$patch"), SortBy: SortOrder.Numerical, Limit: 2);

        var result = Select(spec, "6.11.2", "6.11.10", "6.11.9", "6.12.0");

        Assert.Equal(["6.11.10", "6.11.9"], result.Selected);
    }

    [Fact]
    public void DocsSemverRangeExampleFiltersAndSorts()
    {
        var result = Select(new SelectorSpec(Semver: ">=2.7.0 <3.0.0", Limit: 10), "2.6.9", "2.7.0", "2.9.1", "3.0.0", "2.8.0-rc.1", "nightly");

        Assert.Equal(["2.9.1", "2.7.0"], result.Selected);
        Assert.Equal(
            [new TagExclusion("2.6.9", "fails semver constraint: 2.6.9"), new TagExclusion("3.0.0", "fails semver constraint: 3.0.0"),
             new TagExclusion("2.8.0-rc.1", "fails semver constraint: 2.8.0-rc.1"), new TagExclusion("nightly", "key not semver: nightly")],
            result.Excluded);
    }

    [Fact]
    public void DocsWildcardExampleSelectsNewestSixDotX()
    {
        var result = Select(new SelectorSpec(Semver: "6.x"), "5.9.0", "6.0.1", "6.13.0", "7.0.0", "6.14.0-rc.1");

        Assert.Equal(["6.13.0"], result.Selected);
    }

    [Fact]
    public void ExclusionsAreListedStepByStepInListingOrder()
    {
        var spec = new SelectorSpec(new RegexSpec("^v"), Semver: "^1", Limit: 0);

        var result = Select(spec, "1.0.0", "v2.0.0", "vX", "v1.5.0", "beta");

        Assert.Equal(["v1.5.0"], result.Selected);
        Assert.Equal(
            ["1.0.0: did not match regex", "beta: did not match regex", "v2.0.0: fails semver constraint: v2.0.0", "vX: key not semver: vX"],
            result.Excluded.Select(e => $"{e.Tag}: {e.Reason}"));
    }

    [Fact]
    public void InvalidSpecThrowsWithGoMessage()
    {
        var badRegex = Assert.Throws<InvalidSelectorException>(() => Select(new SelectorSpec(new RegexSpec("(abc")), "a"));
        var badSemver = Assert.Throws<InvalidSelectorException>(() => Select(new SelectorSpec(Semver: "foo"), "a"));

        Assert.Equal("error parsing regexp: missing closing ): `(abc`", badRegex.Message);
        Assert.Equal("improper constraint: foo", badSemver.Message);
    }

    [Fact]
    public void ChartSelectorDefaultsToAnyReleaseAndLimitOne()
    {
        var spec = SelectorSpec.ForChart(null, null);

        var result = TagSelector.Select(["1.0.0", "2.0.0-rc.1", "1.5.0"], spec);

        Assert.Equal("*", spec.Semver);
        Assert.Equal(["1.5.0"], result.Selected);
    }

    private static string GoRegexExpand(string pattern, string template, string input)
    {
        Assert.True(GoRegex.TryCompile(pattern, out var regex, out _));
        var match = regex.FindSubmatchIndex(input);
        Assert.NotNull(match);
        return regex.Expand(template, input, match);
    }
}
