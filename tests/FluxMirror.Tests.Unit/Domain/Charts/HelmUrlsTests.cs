using FluxMirror.Domain.Charts;

namespace FluxMirror.Tests.Unit.Domain.Charts;

public sealed class HelmUrlsTests
{
    [Theory]
    [InlineData("https://charts.example.com", "index.yaml", "https://charts.example.com/index.yaml")]
    [InlineData("https://charts.example.com/stable", "index.yaml", "https://charts.example.com/stable/index.yaml")]
    [InlineData("https://charts.example.com/stable/", "index.yaml", "https://charts.example.com/stable/index.yaml")]
    [InlineData("https://charts.example.com/stable", "web-1.0.0.tgz", "https://charts.example.com/stable/web-1.0.0.tgz")]
    [InlineData("https://charts.example.com/stable", "../other/web-1.0.0.tgz", "https://charts.example.com/other/web-1.0.0.tgz")]
    [InlineData("https://charts.example.com/stable", "/root/web.tgz", "https://charts.example.com/root/web.tgz")]
    [InlineData("https://charts.example.com/stable", "https://cdn.example.com/web.tgz", "https://cdn.example.com/web.tgz")]
    [InlineData("https://charts.example.com/stable?ref=main", "index.yaml", "https://charts.example.com/stable/index.yaml?ref=main")]
    public void ReferencesResolveLikeHelm(string repository, string reference, string expected)
    {
        Assert.Equal(expected, HelmUrls.Resolve(repository, reference).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://Charts.Example.com/stable/", "https://charts.example.com/stable")]
    [InlineData("HTTPS://charts.example.com/stable", "https://charts.example.com/stable")]
    [InlineData("https://charts.example.com", "https://charts.example.com")]
    public void MatchKeysIgnoreCaseOfSchemeAndHostAndTrailingSlashes(string url, string expected)
    {
        Assert.Equal(expected, HelmUrls.MatchKey(url));
    }

    [Fact]
    public void UrlsWithoutSchemeOrHostHaveNoMatchKey()
    {
        Assert.Null(HelmUrls.MatchKey("charts.example.com/stable"));
        Assert.Null(HelmUrls.MatchKey("/local/path"));
    }

    [Fact]
    public void DisplayedUrlsNeverShowCredentials()
    {
        Assert.Equal("https://charts.example.com/index.yaml", HelmUrls.Display("https://user:secret@charts.example.com/index.yaml"));
        Assert.Equal("https://charts.example.com/x", HelmUrls.Display("https://charts.example.com/x"));
    }
}
