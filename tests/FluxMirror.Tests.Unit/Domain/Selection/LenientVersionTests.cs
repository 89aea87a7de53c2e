using FluxMirror.Domain.Selection;

namespace FluxMirror.Tests.Unit.Domain.Selection;

public sealed class LenientVersionTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("v1.2.3", "1.2.3")]
    [InlineData("1", "1.0.0")]
    [InlineData("1.2", "1.2.0")]
    [InlineData("01.02.03", "1.2.3")]
    [InlineData("1.2.3-rc.1+build.5", "1.2.3-rc.1+build.5")]
    [InlineData("1.2-beta", "1.2.0-beta")]
    [InlineData("1.0.0+build.007", "1.0.0+build.007")]
    public void ParsesLeniently(string text, string normalized)
    {
        Assert.True(LenientVersion.TryParse(text, out var version));
        Assert.Equal(normalized, version.ToString());
        Assert.Equal(text, version.Original);
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("V1.2.3")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.3-rc.01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1..2")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3\n")]
    [InlineData("18446744073709551616")]
    public void RejectsWhatMastermindsRejects(string text) => Assert.False(LenientVersion.TryParse(text, out _));

    [Fact]
    public void OrdersBySemverPrecedence()
    {
        string[] ascending =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
            "1.0.0", "1.0.1", "1.10.0", "2.0.0",
        ];
        var parsed = ascending.Select(v => LenientVersion.TryParse(v, out var p) ? p : throw new InvalidOperationException(v)).ToList();

        for (int i = 1; i < parsed.Count; i++)
        {
            Assert.True(parsed[i - 1].CompareTo(parsed[i]) < 0, $"{ascending[i - 1]} < {ascending[i]}");
        }
    }

    [Fact]
    public void IgnoresBuildMetadataForPrecedence()
    {
        Assert.True(LenientVersion.TryParse("1.2.3+a", out var a));
        Assert.True(LenientVersion.TryParse("v1.2.3+zzz", out var b));

        Assert.Equal(0, a.CompareTo(b));
    }
}
