using System.Security.Cryptography;
using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Tuf;

/// <summary>The embedded trust anchor of Sigstore's public-good repository (no network: the CDN is never contacted).</summary>
public sealed class PublicGoodRootTests
{
    [Fact]
    public void The_embedded_root_is_version_13_of_the_public_good_repository()
    {
        var root = RootMetadata.Parse(TufRepository.PublicGoodRoot());

        Assert.Equal(13, root.Version);
        Assert.True(root.ConsistentSnapshot);
        Assert.Equal(3, root.Role("root").Threshold);
        Assert.Equal(5, root.Role("root").KeyIds.Count);
        Assert.Equal(
            "39277f1fbd482f84d924b6cb77748f62ab0f031b3b5b9b29e681dae056c32250",
            Convert.ToHexStringLower(SHA256.HashData(TufRepository.PublicGoodRoot())));
    }

    [Fact]
    public void The_embedded_root_is_signed_by_a_threshold_of_its_own_root_keys()
    {
        var root = RootMetadata.Parse(TufRepository.PublicGoodRoot());

        root.RequireThreshold("root", root.Metadata);
    }

    [Fact]
    public void The_public_good_repository_is_sigstores_cdn()
    {
        var repository = TufRepository.PublicGood("/tmp/cache");

        Assert.Equal(new Uri("https://tuf-repo-cdn.sigstore.dev/"), repository.MetadataUrl);
        Assert.Equal(new Uri("https://tuf-repo-cdn.sigstore.dev/targets/"), repository.TargetsUrl);
        Assert.Equal("/tmp/cache", repository.CacheDirectory);
    }
}
