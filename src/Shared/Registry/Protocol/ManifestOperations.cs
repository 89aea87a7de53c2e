using System.Net;
using System.Net.Http.Headers;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>HEAD, GET and PUT of <c>/v2/&lt;repo&gt;/manifests/&lt;reference&gt;</c>.</summary>
internal sealed class ManifestOperations(RegistryHttp http)
{
    /// <summary>Manifests beyond this are refused (the OCI spec lets registries cap them at 4 MiB).</summary>
    private const int MaxManifestBytes = 32 * 1024 * 1024;

    public async Task<Descriptor?> HeadAsync(RepositoryRef repository, string reference, CancellationToken ct)
    {
        ValidateReference(reference);
        using (var request = ManifestRequest(HttpMethod.Head, repository, reference, ScopeSet.Pull(repository.Repository)))
        using (var response = await http.SendAsync(request, ct).ConfigureAwait(false))
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    return null;
                case HttpStatusCode.OK when DigestHeader(response) is { } digest && MediaTypeOf(response) is { } mediaType:
                    return new Descriptor(mediaType, digest, response.Content.Headers.ContentLength ?? 0);
                case HttpStatusCode.OK:
                case HttpStatusCode.MethodNotAllowed:
                case HttpStatusCode.NotImplemented:
                    break; // No usable digest: fall back to GET and hash the bytes.
                default:
                    throw await RegistryHttp.ErrorAsync(response, ct).ConfigureAwait(false);
            }
        }

        return (await GetOrNullAsync(repository, reference, ct).ConfigureAwait(false))?.ToDescriptor();
    }

    public async Task<ManifestBlob> GetAsync(RepositoryRef repository, string reference, CancellationToken ct) =>
        await GetCoreAsync(repository, reference, notFoundIsNull: false, ct).ConfigureAwait(false)
        ?? throw new InvalidOperationException("unreachable: a missing manifest throws");

    public Task<ManifestBlob?> GetOrNullAsync(RepositoryRef repository, string reference, CancellationToken ct) =>
        GetCoreAsync(repository, reference, notFoundIsNull: true, ct);

    public async Task<string> PutAsync(RepositoryRef repository, string reference, ManifestBlob manifest, CancellationToken ct)
    {
        ValidateReference(reference);
        var content = new ByteArrayContent(manifest.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        using var request = ManifestRequest(HttpMethod.Put, repository, reference, ScopeSet.Push(repository.Repository), content);
        using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Accepted).ConfigureAwait(false);
        http.Log($"{repository.WithReference(reference)}: digest: {manifest.Digest} size: {manifest.Bytes.Length}");
        return manifest.Digest;
    }

    private async Task<ManifestBlob?> GetCoreAsync(RepositoryRef repository, string reference, bool notFoundIsNull, CancellationToken ct)
    {
        ValidateReference(reference);
        using var request = ManifestRequest(HttpMethod.Get, repository, reference, ScopeSet.Pull(repository.Repository));
        RegistryHttp.ReadWhole(request, MaxManifestBytes);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await RegistryHttp.ErrorAsync(response, ct).ConfigureAwait(false);
        }

        var bytes = await RegistryHttp.ReadLimitedAsync(response, MaxManifestBytes, ct).ConfigureAwait(false);
        var digest = Digest.Compute(bytes);
        if (Digest.IsDigestReference(reference) && digest != reference)
        {
            throw new RegistryException(
                RegistryErrors.Prefix(request.Method, request.RequestUri!) + $"manifest digest mismatch (got {digest})", response.StatusCode);
        }

        return new ManifestBlob(bytes, MediaTypeOf(response) ?? SniffMediaType(bytes, request), digest);
    }

    private static HttpRequestMessage ManifestRequest(HttpMethod method, RepositoryRef repository, string reference, ScopeSet scopes, HttpContent? content = null)
    {
        var request = RegistryHttp.Create(method, RegistryHttp.RepositoryUri(repository, "manifests/" + reference), scopes, content);
        if (method != HttpMethod.Put)
        {
            RegistryHttp.AcceptManifests(request);
        }

        return request;
    }

    private static void ValidateReference(string reference)
    {
        if (Digest.IsDigestReference(reference))
        {
            Digest.Validate(reference);
        }
        else if (reference.Length == 0 || reference.Length > 128 || reference.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid tag \"{reference}\"", nameof(reference));
        }
    }

    private static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } d && Digest.IsValid(d) ? d : null;

    /// <summary>The served media type, unless it is a generic JSON type that says nothing about the manifest.</summary>
    private static string? MediaTypeOf(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { Length: > 0 } type && type is not ("application/json" or "text/plain" or "application/octet-stream")
            ? type
            : null;

    private static string SniffMediaType(byte[] bytes, HttpRequestMessage request)
    {
        try
        {
            return ManifestParser.SniffMediaType(bytes);
        }
        catch (FormatException ex)
        {
            throw new RegistryException(RegistryErrors.Prefix(request.Method, request.RequestUri!) + ex.Message);
        }
    }
}
