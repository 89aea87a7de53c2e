using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// OCI 1.1 referrers: the <c>/v2/&lt;repo&gt;/referrers/&lt;digest&gt;</c> API when the registry has it, else the
/// referrers tag schema (an index at tag <c>sha256-&lt;hex&gt;</c>) that clients maintain themselves.
/// </summary>
internal sealed class ReferrersOperations(RegistryHttp http, ManifestOperations manifests)
{
    private const int MaxIndexBytes = 32 * 1024 * 1024;

    // Compact, and without escaping '+' in media types (as Go's encoder writes them).
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<IReadOnlyList<Descriptor>> ListAsync(RepositoryRef repository, string digest, CancellationToken ct)
    {
        Digest.Validate(digest);
        var index = await QueryApiAsync(repository, digest, ct).ConfigureAwait(false)
            ?? await manifests.GetOrNullAsync(repository, Digest.ReferrersFallbackTag(digest), ct).ConfigureAwait(false);
        return index is null ? [] : index.Parse().Manifests;
    }

    /// <summary>
    /// After pushing <paramref name="referrer"/> (a manifest with a subject): when the registry lacks the referrers
    /// API, add it to the subject's fallback tag index. Read-modify-write without locking, as other clients do.
    /// </summary>
    public async Task RecordReferrerAsync(RepositoryRef repository, ManifestBlob referrer, ParsedManifest parsed, CancellationToken ct)
    {
        var subject = parsed.Subject!.Digest;
        if (await QueryApiAsync(repository, subject, ct).ConfigureAwait(false) is not null)
        {
            return; // The registry indexes referrers itself.
        }

        var tag = Digest.ReferrersFallbackTag(subject);
        var existing = await manifests.GetOrNullAsync(repository, tag, ct).ConfigureAwait(false);
        var index = existing is { IsIndex: true } ? JsonNode.Parse(existing.Bytes)!.AsObject() : NewIndex();
        var entries = (index["manifests"] as JsonArray)?.Select(n => n!.DeepClone()).ToList() ?? [];
        if (entries.Any(e => (string?)e!["digest"] == referrer.Digest))
        {
            http.Log($"fallback tag {tag} already had referrer");
            return;
        }

        entries.Add(DescriptorNode(referrer, parsed));
        index["manifests"] = new JsonArray(entries.OrderBy(e => (string?)e!["digest"], StringComparer.Ordinal).ToArray());
        http.Log($"updating fallback tag {tag} with new referrer");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, CompactJson);
        await manifests.PutAsync(repository, tag, ManifestBlob.FromBytes(bytes, MediaTypes.OciIndex), ct).ConfigureAwait(false);
    }

    /// <summary>The referrers API answer, or null when the registry does not implement the API.</summary>
    private async Task<ManifestBlob?> QueryApiAsync(RepositoryRef repository, string digest, CancellationToken ct)
    {
        using var request = RegistryHttp.Create(HttpMethod.Get, RegistryHttp.RepositoryUri(repository, "referrers/" + digest), ScopeSet.Pull(repository.Repository));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.OciIndex));
        RegistryHttp.ReadWhole(request, MaxIndexBytes);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == MediaTypes.OciIndex)
        {
            var bytes = await RegistryHttp.ReadLimitedAsync(response, MaxIndexBytes, ct).ConfigureAwait(false);
            return ManifestBlob.FromBytes(bytes, MediaTypes.OciIndex);
        }

        if (response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest
                or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotAcceptable)
        {
            return null;
        }

        throw await RegistryHttp.ErrorAsync(response, ct).ConfigureAwait(false);
    }

    private static JsonObject NewIndex() => new()
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciIndex,
        ["manifests"] = new JsonArray(),
    };

    private static JsonObject DescriptorNode(ManifestBlob referrer, ParsedManifest parsed)
    {
        var node = new JsonObject
        {
            ["mediaType"] = referrer.MediaType,
            ["digest"] = referrer.Digest,
            ["size"] = referrer.Bytes.LongLength,
        };
        if (parsed.EffectiveArtifactType is { } artifactType)
        {
            node["artifactType"] = artifactType;
        }

        if (parsed.Annotations is { Count: > 0 } annotations)
        {
            var map = new JsonObject();
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                map[key] = value;
            }

            node["annotations"] = map;
        }

        return node;
    }
}
