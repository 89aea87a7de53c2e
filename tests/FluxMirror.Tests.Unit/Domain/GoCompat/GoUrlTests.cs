using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Tests.Unit.Domain.GoCompat;

public sealed class GoUrlTests
{
    [Theory]
    [InlineData("https://charts.example.com", "https", "charts.example.com")]
    [InlineData("HTTP://Charts.Example.com:8080/x?y=1#z", "http", "Charts.Example.com:8080")]
    [InlineData("oci://ghcr.io/org/charts", "oci", "ghcr.io")]
    [InlineData("oci://user:pass@ghcr.io/o", "oci", "ghcr.io")]
    [InlineData("https://[::1]:8443/", "https", "[::1]:8443")]
    [InlineData("oci:ghcr.io/o", "oci", "")]
    [InlineData("charts.example.com/x", "", "")]
    [InlineData("//host.example/x", "", "host.example")]
    public void Parses(string raw, string scheme, string host)
    {
        Assert.True(GoUrl.TryParse(raw, out var s, out var h, out var error), error);
        Assert.Equal(scheme, s);
        Assert.Equal(host, h);
    }

    [Theory]
    [InlineData(":x", "parse \":x\": missing protocol scheme")]
    [InlineData("a b:c", "parse \"a b:c\": first path segment in URL cannot contain colon")]
    [InlineData("https://h\u0001", "parse \"https://h\\x01\": net/url: invalid control character in URL")]
    [InlineData("https://[::1", "parse \"https://[::1\": missing ']' in host")]
    [InlineData("https://[::1]x/", "parse \"https://[::1]x/\": invalid port \"x\" after host")]
    [InlineData("https://h{x}.com", "parse \"https://h{x}.com\": invalid character \"{\" in host name")]
    [InlineData("https://us er@h.com", "parse \"https://us er@h.com\": net/url: invalid userinfo")]
    [InlineData("https://h.com/a%2", "parse \"https://h.com/a%2\": invalid URL escape \"%2\"")]
    [InlineData("https://h.com/#%zz", "parse \"https://h.com/#%zz\": invalid URL escape \"%zz\"")]
    public void Rejects_with_go_messages(string raw, string expected)
    {
        Assert.False(GoUrl.TryParse(raw, out _, out _, out var error));
        Assert.Equal(expected, error);
    }
}
