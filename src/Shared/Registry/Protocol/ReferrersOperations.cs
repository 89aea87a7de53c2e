using System.Net;
using System.Net.Http.Headers;
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

    /// <summary>How often the fallback index merge is redone after losing the update to a concurrent writer.</summary>
    internal const int MaxMergeAttempts = 5;

    public async Task<IReadOnlyList<Descriptor>> ListAsync(RepositoryRef repository, string digest, CancellationToken ct)
    {
        Digest.Validate(digest);
        var index = await QueryApiAsync(repository, digest, ct).ConfigureAwait(false)
            ?? await manifests.GetOrNullAsync(repository, Digest.ReferrersFallbackTag(digest), ct).ConfigureAwait(false);
        return index is null ? [] : index.Parse().Manifests;
    }

    /// <summary>
    /// After pushing <paramref name="referrer"/> (a manifest with a subject): when the registry lacks the referrers
    /// API, merge it into the subject's fallback tag index. Registries offer no conditional PUT, so a concurrent
    /// writer can replace the index between our read and our write: the index is read back after the PUT and the
    /// merge redone (bounded) when our descriptor is gone.
    /// </summary>
    public async Task RecordReferrerAsync(RepositoryRef repository, ManifestBlob referrer, ParsedManifest parsed, CancellationToken ct)
    {
        var subject = parsed.Subject!.Digest;
        if (await QueryApiAsync(repository, subject, ct).ConfigureAwait(false) is not null)
        {
            return; // The registry indexes referrers itself.
        }

        var tag = Digest.ReferrersFallbackTag(subject);
        var descriptor = DescriptorNode(referrer, parsed);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await manifests.GetOrNullAsync(repository, tag, ct).ConfigureAwait(false);
            if (FallbackIndex.Merge(existing, descriptor) is not { } merged)
            {
                http.Log($"fallback tag {tag} already had referrer");
                return;
            }

            http.Log($"updating fallback tag {tag} with new referrer");
            await manifests.PutAsync(repository, tag, merged, ct).ConfigureAwait(false);
            if (FallbackIndex.Lists(await manifests.GetOrNullAsync(repository, tag, ct).ConfigureAwait(false), referrer.Digest))
            {
                return;
            }

            if (attempt == MaxMergeAttempts)
            {
                throw new RegistryException($"update fallback tag {tag}: a concurrent writer replaced it {MaxMergeAttempts} times");
            }

            http.Log($"fallback tag {tag} was replaced by a concurrent writer; merging again");
        }
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

    internal static JsonObject DescriptorNode(ManifestBlob referrer, ParsedManifest parsed)
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
