using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Tests.Unit.Registry.Protocol;

public sealed class FallbackIndexTests
{
    private static readonly string A = "sha256:" + new string('a', 64);
    private static readonly string B = "sha256:" + new string('b', 64);
    private static readonly string C = "sha256:" + new string('c', 64);

    [Fact]
    public void Merge_keeps_descriptors_other_clients_pushed_and_sorts_by_digest()
    {
        var foreign = Index(C, A);

        var merged = FallbackIndex.Merge(foreign, Entry(B));

        Assert.NotNull(merged);
        Assert.Equal(MediaTypes.OciIndex, merged.MediaType);
        Assert.Equal([A, B, C], Digests(merged));
        var kept = JsonNode.Parse(merged.Bytes)!["manifests"]!.AsArray().Single(d => (string?)d!["digest"] == C)!;
        Assert.Equal("application/vnd.foreign", (string?)kept["artifactType"]);
    }

    [Fact]
    public void Merge_into_no_index_starts_one()
    {
        var merged = FallbackIndex.Merge(null, Entry(A));

        Assert.NotNull(merged);
        Assert.Equal([A], Digests(merged));
        Assert.Equal(2, (int)JsonNode.Parse(merged.Bytes)!["schemaVersion"]!);
    }

    [Fact]
    public void Merge_is_idempotent_same_set_same_bytes_and_already_listed_is_no_write()
    {
        var once = FallbackIndex.Merge(Index(A), Entry(B))!;
        var otherOrder = FallbackIndex.Merge(FallbackIndex.Merge(null, Entry(B)), Entry(A))!;

        Assert.Null(FallbackIndex.Merge(once, Entry(B)));
        Assert.Equal([A, B], Digests(once));
        Assert.Equal([A, B], Digests(otherOrder));
        Assert.True(FallbackIndex.Lists(once, B));
        Assert.False(FallbackIndex.Lists(once, C));
        Assert.False(FallbackIndex.Lists(null, A));
    }

    private static JsonObject Entry(string digest) => new()
    {
        ["mediaType"] = MediaTypes.OciManifest,
        ["digest"] = digest,
        ["size"] = 10,
        ["artifactType"] = "application/vnd.example.sbom",
    };

    private static ManifestBlob Index(params string[] digests)
    {
        var manifests = string.Join(',', digests.Select(d => $$"""{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{d}}","size":3,"artifactType":"application/vnd.foreign"}"""));
        return ManifestBlob.FromBytes(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{{manifests}}]}"""), MediaTypes.OciIndex);
    }

    private static string[] Digests(ManifestBlob index) =>
        JsonNode.Parse(index.Bytes)!["manifests"]!.AsArray().Select(d => (string)d!["digest"]!).ToArray();
}
