using FluxMirror.Domain.Selection;

namespace FluxMirror.Tests.Unit.Domain.Selection;

public sealed class SemverConstraintTests
{
    private static bool Check(string constraint, string version)
    {
        Assert.True(SemverConstraint.TryParse(constraint, out var parsed, out string error), error);
        Assert.True(LenientVersion.TryParse(version, out var v));
        return parsed.IsSatisfiedBy(v);
    }

    [Theory]
    [InlineData("6.x", "6.13.0", true)]
    [InlineData("6.x", "7.0.0", false)]
    [InlineData("6", "6.2.1", true)]
    [InlineData(">=1.2", "1.2.0", true)]
    [InlineData("*", "0.0.1", true)]
    [InlineData(">=2.7.0 <3.0.0", "2.9.9", true)]
    [InlineData(">=2.7.0 <3.0.0", "3.0.0", false)]
    [InlineData(">=2.7.0, <3.0.0", "2.6.0", false)]
    [InlineData("<1.0.0 || >=2.0.0", "2.1.0", true)]
    [InlineData("<1.0.0 || >=2.0.0", "1.5.0", false)]
    [InlineData("1.2 - 1.4.5", "1.4.5", true)]
    [InlineData("1.2 - 1.4.5", "1.4.6", false)]
    [InlineData("1.2 - 1.4.5", "1.1.9", false)]
    [InlineData("=1.2.3", "v1.2.3", true)]
    [InlineData("!=1.2.3", "1.2.4", true)]
    public void ChecksRangesAndOperators(string constraint, string version, bool expected) =>
        Assert.Equal(expected, Check(constraint, version));

    [Theory]
    [InlineData("*", "1.1.0-rc.1", false)]
    [InlineData(">=1.0.0", "1.1.0-rc.1", false)]
    [InlineData(">=1.1.0-rc.0", "1.1.0-rc.1", true)]
    [InlineData(">=1.1.0-rc.0 <2.0.0", "1.1.0-rc.1", true)] // a prerelease anywhere in the AND group opts the group in
    [InlineData(">=1.1.0-rc.0 <2.0.0 || *", "3.0.0-rc.1", false)]
    [InlineData("^1.2.0-alpha.0", "1.2.1-alpha.1", true)]
    public void PrereleasesNeedAGroupThatMentionsOne(string constraint, string version, bool expected) =>
        Assert.Equal(expected, Check(constraint, version));

    [Theory]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1", "1.9.0", true)]
    [InlineData("~1", "2.0.0", false)]
    [InlineData("~0.0.0", "5.4.3", true)]
    [InlineData("^1.2.3", "1.9.0", true)]
    [InlineData("^1.2.3", "2.0.0", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.3", true)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("^0.0", "0.0.9", true)]
    [InlineData("^0.0", "0.1.0", false)]
    public void TildeAndCaretFollowMasterminds(string constraint, string version, bool expected) =>
        Assert.Equal(expected, Check(constraint, version));

    [Theory]
    [InlineData(">1.x", "1.9.9", false)]
    [InlineData(">1.x", "2.0.0", true)]
    [InlineData(">1.2.x", "1.2.9", false)]
    [InlineData(">1.2.x", "1.3.0", true)]
    [InlineData("<=1.x", "1.99.0", true)]
    [InlineData("<=1.x", "2.0.0", false)]
    [InlineData("!=1.x", "1.4.0", false)]
    [InlineData("!=1.x", "2.0.0", true)]
    public void DirtyBoundsCoverTheirWholeWildcardRange(string constraint, string version, bool expected) =>
        Assert.Equal(expected, Check(constraint, version));

    [Theory]
    [InlineData("foo", "improper constraint: foo")]
    [InlineData(">= bar", "improper constraint: >= bar")]
    [InlineData("1.2.3.4", "improper constraint: 1.2.3.4")]
    [InlineData(">=1 || foo", "improper constraint:  foo")]
    [InlineData("", "improper constraint: ")]
    [InlineData("1.2.3-01", "constraint parser error")]
    public void RejectsImproperConstraints(string constraint, string expectedError)
    {
        Assert.False(SemverConstraint.TryParse(constraint, out var parsed, out string error));
        Assert.Null(parsed);
        Assert.Equal(expectedError, error);
    }
}
