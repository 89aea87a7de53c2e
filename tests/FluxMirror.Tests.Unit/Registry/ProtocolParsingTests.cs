using System.Net.Http.Headers;
using System.Text;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>Pure parsing and formatting helpers of the client, without a network.</summary>
public sealed class ProtocolParsingTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.8.9.1", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("10.1.2.3:5000", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255:443", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.10:5000", true)]
    [InlineData("ghcr.io", false)]
    [InlineData("index.docker.io", false)]
    [InlineData("8.8.8.8", false)]
    public void Local_hosts_may_use_plain_http(string host, bool local)
    {
        Assert.Equal(local, RegistryScheme.IsLocal(host));
        Assert.Equal(local, RegistryScheme.MayUsePlainHttp(host, insecure: false));
        Assert.True(RegistryScheme.MayUsePlainHttp(host, insecure: true));
    }

    [Theory]
    [InlineData("nginx", "index.docker.io", "library/nginx")]
    [InlineData("docker.io/stefanprodan/podinfo", "index.docker.io", "stefanprodan/podinfo")]
    [InlineData("ghcr.io/org/team/app", "ghcr.io", "org/team/app")]
    [InlineData("localhost:5000/app", "localhost:5000", "app")]
    public void Repository_references_are_parsed_and_normalised(string name, string registry, string repository)
    {
        var reference = RepositoryRef.Parse(name);

        Assert.Equal(new RepositoryRef(registry, repository), reference);
        Assert.Equal($"{registry}/{repository}", reference.ToString());
        Assert.Equal($"{registry}/{repository}:v1", reference.WithReference("v1"));
        Assert.Throws<ArgumentException>(() => RepositoryRef.Parse("Upper/Case"));
    }

    [Fact]
    public void Scope_sets_merge_actions_per_repository()
    {
        var scopes = ScopeSet.Pull("team/b").Union(ScopeSet.Push("team/a")).Union(ScopeSet.Parse("repository:team/b:pull repository:team/a:push,pull"));

        Assert.Equal(["repository:team/a:pull,push", "repository:team/b:pull"], scopes.Scopes);
        Assert.True(scopes.Covers(ScopeSet.Pull("team/a")));
        Assert.False(ScopeSet.Pull("team/a").Covers(ScopeSet.Push("team/a")));
        Assert.Equal(ScopeSet.Push("x"), ScopeSet.Parse("repository:x:push,pull"));
    }

    [Fact]
    public void Bearer_challenge_parameters_are_parsed_with_quoted_commas()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue(
            "Bearer", "realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/app:pull,push\""));

        var challenge = AuthChallenge.From(response)!;

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.com/token", challenge.Realm);
        Assert.Equal("registry.example.com", challenge.Service);
        Assert.Equal(ScopeSet.Push("team/app"), challenge.Scopes);
    }

    [Fact]
    public void Basic_challenge_is_recognised()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", "realm=\"Registry Realm\""));

        Assert.True(AuthChallenge.From(response)!.IsBasic);
    }

    [Theory]
    [InlineData("</v2/a/tags/list?n=10&last=b>; rel=\"next\"", "https://r.example/v2/a/tags/list?n=10&last=b")]
    [InlineData("<https://other.example/v2/a/tags/list?last=b>; rel=next", "https://other.example/v2/a/tags/list?last=b")]
    [InlineData("</first>; rel=\"prev\", </v2/x?a=1,2>; rel=\"next\"", "https://r.example/v2/x?a=1,2")]
    [InlineData("</first>; rel=\"prev\"", null)]
    public void Link_header_next_target_is_resolved(string header, string? expected)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", header);

        Assert.Equal(expected, LinkHeader.Next(response, new Uri("https://r.example/v2/a/tags/list?n=10"))?.AbsoluteUri);
    }

    [Fact]
    public void Digest_helpers_validate_and_name_fallback_tags()
    {
        var digest = Digest.Compute("hello"u8);

        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest);
        Assert.True(Digest.IsValid(digest));
        Assert.False(Digest.IsValid(digest.ToUpperInvariant()));
        Assert.False(Digest.IsValid("sha512:" + new string('a', 128)));
        Assert.False(Digest.IsValid("sha256:abc"));
        Assert.Equal("sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Digest.ReferrersFallbackTag(digest));
        Assert.Throws<ArgumentException>(() => Digest.Validate("latest"));
    }

    [Fact]
    public void Urls_in_messages_lose_credentials_and_signatures()
    {
        var shown = UrlRedaction.ForDisplay(new Uri("https://user:pw@storage.example/blob?X-Amz-Signature=abc&X-Amz-Credential=AKIA&part=2&access_token=t"));

        Assert.Equal("https://storage.example/blob?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&part=2&access_token=REDACTED", shown);
    }

    [Fact]
    public void Manifest_parser_reads_structure_and_ignores_unknown_fields()
    {
        var json = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"application/x-demo","future":{"x":1},
             "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824","size":7,
               "platform":{"architecture":"arm","os":"linux","variant":"v7"},"annotations":{"a":"b"}}],
             "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824","size":3}}
            """;

        var parsed = ManifestBlob.FromBytes(Encoding.UTF8.GetBytes(json), MediaTypes.OciIndex).Parse();

        Assert.Equal("application/x-demo", parsed.ArtifactType);
        var child = Assert.Single(parsed.Manifests);
        Assert.Equal(new Platform("arm", "linux", "v7"), child.Platform);
        Assert.Equal("b", child.Annotations!["a"]);
        Assert.Equal(3, parsed.Subject!.Size);
        Assert.Empty(parsed.DistributableBlobs());
        Assert.Throws<FormatException>(() => ManifestBlob.FromBytes("[1]"u8.ToArray(), MediaTypes.OciManifest).Parse());
    }

    [Fact]
    public void Foreign_layers_are_not_copied()
    {
        var json = """
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824","size":1},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","digest":"sha256:486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7","size":9}]}
            """;

        var blobs = ManifestBlob.FromBytes(Encoding.UTF8.GetBytes(json), MediaTypes.DockerManifest).Parse().DistributableBlobs();

        Assert.Equal([MediaTypes.DockerConfig], blobs.Select(b => b.MediaType));
    }

    [Fact]
    public void Retry_after_accepts_seconds_and_dates_and_is_capped()
    {
        var now = DateTimeOffset.UtcNow;
        using var seconds = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)) } };
        using var date = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(now.AddMinutes(10)) } };
        using var none = new HttpResponseMessage();

        Assert.Equal(TimeSpan.FromSeconds(5), RetryAfter.Read(seconds, TimeSpan.FromSeconds(60), now));
        Assert.Equal(TimeSpan.FromSeconds(60), RetryAfter.Read(date, TimeSpan.FromSeconds(60), now));
        Assert.Null(RetryAfter.Read(none, TimeSpan.FromSeconds(60), now));
    }
}
