using FluxMirror.Registry.Transport;

namespace FluxMirror.Tests.Unit.Registry;

/// <summary>Where a redirect may carry the registry credential: same host, never down from https to http.</summary>
public sealed class RedirectPolicyTests
{
    [Theory]
    [InlineData("https://registry.example/v2/a/blobs/x", "https://registry.example/storage/x", false)]
    [InlineData("http://registry.example:5000/v2/a/blobs/x", "http://registry.example:5000/storage/x", false)]
    [InlineData("http://registry.example/v2/a/blobs/x", "https://registry.example/storage/x", false)]
    [InlineData("https://registry.example/v2/a/blobs/x", "http://registry.example/storage/x", true)]
    [InlineData("https://registry.example/v2/a/blobs/x", "https://bucket.storage.example/x", true)]
    [InlineData("https://registry.example/v2/a/blobs/x", "https://registry.example:8443/x", true)]
    public void Credentials_stay_on_the_registry_and_off_plain_http(string from, string to, bool leaves) =>
        Assert.Equal(leaves, RedirectHandler.LeavesTheRegistry(new Uri(from), new Uri(to)));
}
