using FluxMirror.Registry.Model;

namespace FluxMirror.Tests.Unit.Registry;

public sealed class OciRepositoryNameTests
{
    [Theory]
    [InlineData("ghcr.io/fluxcd/flux-cli", "ghcr.io", "fluxcd/flux-cli")]
    [InlineData("localhost:5000/podinfo", "localhost:5000", "podinfo")]
    [InlineData("docker.io/stefanprodan/podinfo", "index.docker.io", "stefanprodan/podinfo")]
    [InlineData("index.docker.io/library/nginx", "index.docker.io", "library/nginx")]
    [InlineData("nginx", "index.docker.io", "library/nginx")]
    [InlineData("docker.io/nginx", "index.docker.io", "library/nginx")]
    [InlineData("stefanprodan/podinfo", "index.docker.io", "stefanprodan/podinfo")]
    [InlineData("localhost/podinfo", "index.docker.io", "localhost/podinfo")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app", "123456789012.dkr.ecr.us-east-1.amazonaws.com", "team/app")]
    [InlineData("quay.io/a/b__c.d-e---f", "quay.io", "a/b__c.d-e---f")]
    [InlineData("[::1]:5000/app", "[::1]:5000", "app")]
    public void Parses(string name, string registry, string repository)
    {
        Assert.True(OciRepositoryName.TryParse(name, out var r, out var repo, out var error), error);
        Assert.Equal(registry, r);
        Assert.Equal(repository, repo);
    }

    [Theory]
    [InlineData("", "a repository name must be specified")]
    [InlineData("ghcr.io/a", "repository must be between 2 and 255 characters in length: a")]
    [InlineData("ghcr.io/Org/App", "repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: Org/App")]
    [InlineData("ghcr.io/org/app@sha256:abc", "repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: org/app@sha256:abc")]
    [InlineData("ghcr.io/org/-app", "repository path component \"-app\" must be lowercase alphanumerics separated by '.', '_', '__' or '-': org/-app")]
    [InlineData("ghcr.io/org/app/", "repository path component \"\" must be lowercase alphanumerics separated by '.', '_', '__' or '-': org/app/")]
    [InlineData("ghcr.io/a..b", "repository path component \"a..b\" must be lowercase alphanumerics separated by '.', '_', '__' or '-': a..b")]
    [InlineData("ghcr.io:port/app", "registries must be valid RFC 3986 URI authorities: ghcr.io:port")]
    [InlineData("gh cr.io/app", "registries must be valid RFC 3986 URI authorities: gh cr.io")]
    public void Rejects(string name, string expected)
    {
        Assert.False(OciRepositoryName.TryParse(name, out _, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Rejects_names_longer_than_255()
    {
        var name = "ghcr.io/" + new string('a', 256);
        Assert.False(OciRepositoryName.TryParse(name, out _, out _, out var error));
        Assert.StartsWith("repository must be between 2 and 255 characters in length: ", error);
        Assert.True(OciRepositoryName.TryParse("ghcr.io/" + new string('a', 255), out _, out _, out _));
    }
}
