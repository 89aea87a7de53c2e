using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry.Protocol;

/// <summary>
/// Registries have no conditional manifest PUT, so another client can replace the fallback index between our read
/// and our write. A loopback registry without the referrers API plays that writer: right after our PUT it puts back
/// the index it had read before (only a foreign referrer), dropping ours.
/// </summary>
public sealed class FallbackIndexLostUpdateTests
{
    private static readonly string Subject = "sha256:" + new string('1', 64);
    private static readonly string Foreign = "sha256:" + new string('f', 64);
    private static readonly string FallbackTag = "sha256-" + new string('1', 64);

    [Fact]
    public async Task A_lost_update_is_detected_by_reading_back_and_the_merge_is_redone()
    {
        var registry = new FakeRegistry(clobberedPuts: 1);
        await using var server = new LoopbackServer(registry.Handle);
        using var dockerConfig = new DockerConfigDir();
        using var client = new RegistryClient(new RegistryClientOptions { DockerConfigDirectory = dockerConfig.Path });
        var referrer = Referrer();

        await client.PutManifestAsync(new RepositoryRef(server.Host, "team/app"), referrer.Digest, referrer, TestContext.Current.CancellationToken);

        Assert.Equal(2, registry.FallbackPuts);
        Assert.Equal(new[] { referrer.Digest, Foreign }.Order(StringComparer.Ordinal), registry.FallbackDigests());
    }

    [Fact]
    public async Task A_writer_that_keeps_replacing_the_index_fails_the_push_after_bounded_attempts()
    {
        var registry = new FakeRegistry(clobberedPuts: int.MaxValue);
        await using var server = new LoopbackServer(registry.Handle);
        using var dockerConfig = new DockerConfigDir();
        using var client = new RegistryClient(new RegistryClientOptions { DockerConfigDirectory = dockerConfig.Path });
        var referrer = Referrer();

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.PutManifestAsync(new RepositoryRef(server.Host, "team/app"), referrer.Digest, referrer, TestContext.Current.CancellationToken));

        Assert.Equal($"update fallback tag {FallbackTag}: a concurrent writer replaced it 5 times", error.Message);
        Assert.Equal(5, registry.FallbackPuts);
    }

    private static ManifestBlob Referrer()
    {
        var subject = $$"""{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{Subject}}","size":100}""";
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"application/vnd.example.sbom","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[],"subject":""" + subject + "}";
        return ManifestBlob.FromBytes(Encoding.UTF8.GetBytes(json), MediaTypes.OciManifest);
    }

    private static byte[] ForeignOnlyIndex() => Encoding.UTF8.GetBytes(
        $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{Foreign}}","size":3,"artifactType":"application/vnd.foreign"}""" + "]}");

    /// <summary>Manifests in memory; no referrers API; the fallback tag starts with a foreign referrer.</summary>
    private sealed class FakeRegistry(int clobberedPuts)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (byte[] Body, string Type)> _manifests = new(StringComparer.Ordinal)
        {
            [FallbackTag] = (ForeignOnlyIndex(), MediaTypes.OciIndex),
        };

        public int FallbackPuts { get; private set; }

        public string[] FallbackDigests()
        {
            lock (_gate)
            {
                return JsonNode.Parse(_manifests[FallbackTag].Body)!["manifests"]!.AsArray().Select(d => (string)d!["digest"]!).ToArray();
            }
        }

        public ScriptedResponse Handle(RecordedRequest request)
        {
            const string prefix = "/v2/team/app/manifests/";
            lock (_gate)
            {
                if (!request.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return request.PathAndQuery.Contains("/referrers/", StringComparison.Ordinal)
                        ? ScriptedResponse.Json(404, """{"errors":[{"code":"NOT_FOUND","message":"not found"}]}""")
                        : ScriptedResponse.Json(200, "{}");
                }

                var reference = request.PathAndQuery[prefix.Length..];
                if (request.Method == "PUT")
                {
                    _manifests[reference] = (request.Body, request.Header("Content-Type") ?? MediaTypes.OciManifest);
                    if (reference == FallbackTag && ++FallbackPuts <= clobberedPuts)
                    {
                        _manifests[reference] = (ForeignOnlyIndex(), MediaTypes.OciIndex); // the concurrent writer's stale index
                    }

                    return ScriptedResponse.Empty(201);
                }

                return _manifests.TryGetValue(reference, out var stored)
                    ? new ScriptedResponse(200, new Dictionary<string, string> { ["Content-Type"] = stored.Type }, stored.Body)
                    : ScriptedResponse.Json(404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""");
            }
        }
    }
}
