using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// Typed OCI distribution operations over a shared, authenticated, retrying transport. One per process or job;
/// thread-safe.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly TransportPipeline _transport;
    private readonly RegistryHttp _http;
    private readonly TagLister _tags;
    private readonly ManifestOperations _manifests;
    private readonly ReferrersOperations _referrers;
    private readonly BlobOperations _blobs;
    private readonly BlobUploader _uploader;

    public RegistryClient(RegistryClientOptions? options = null)
        : this(options ?? new RegistryClientOptions(), TimeProvider.System)
    {
    }

    internal RegistryClient(RegistryClientOptions options, TimeProvider time)
    {
        Options = options;
        _transport = new TransportPipeline(options, time);
        _http = new RegistryHttp(_transport.Invoker, options);
        _tags = new TagLister(_http);
        _manifests = new ManifestOperations(_http);
        _referrers = new ReferrersOperations(_http, _manifests);
        _blobs = new BlobOperations(_http);
        _uploader = new BlobUploader(_http, _blobs);
    }

    public RegistryClientOptions Options { get; }

    /// <summary>
    /// Waits for what the transport needs before its first request: the first X.509-SVID of every SPIFFE host
    /// (bounded). Throws <see cref="TlsMaterialException"/> (<c>host "…": tls: spiffe: create X.509 source: …</c>).
    /// </summary>
    public Task PrepareAsync(CancellationToken ct) => _transport.WaitForSpiffeAsync(ct);

    /// <summary>Checks that the registry answers <c>GET /v2/</c> with our credentials (200).</summary>
    public async Task PingAsync(string registry, CancellationToken ct)
    {
        using var request = RegistryHttp.Create(HttpMethod.Get, RegistryHttp.RegistryRootUri(registry), ScopeSet.Empty);
        using var response = await _http.SendExpectingAsync(request, ct, System.Net.HttpStatusCode.OK).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ListTagsAsync(RepositoryRef repo, CancellationToken ct) => _tags.ListAsync(repo, ct);

    /// <summary>The manifest's descriptor, or null only when the registry answers 404.</summary>
    public Task<Descriptor?> HeadManifestAsync(RepositoryRef repo, string reference, CancellationToken ct) =>
        _manifests.HeadAsync(repo, reference, ct);

    /// <summary>The raw manifest; when <paramref name="reference"/> is a digest the bytes are verified against it.</summary>
    public Task<ManifestBlob> GetManifestAsync(RepositoryRef repo, string reference, CancellationToken ct) =>
        _manifests.GetAsync(repo, reference, ct);

    /// <summary>
    /// PUTs the exact bytes under <paramref name="reference"/>; returns the digest. A manifest with a subject is
    /// also recorded in the subject's referrers fallback tag when the registry has no referrers API.
    /// </summary>
    public async Task<string> PutManifestAsync(RepositoryRef repo, string reference, ManifestBlob manifest, CancellationToken ct)
    {
        var digest = await _manifests.PutAsync(repo, reference, manifest, ct).ConfigureAwait(false);
        if (TryParse(manifest) is { Subject: not null } parsed)
        {
            await _referrers.RecordReferrerAsync(repo, manifest, parsed, ct).ConfigureAwait(false);
        }

        return digest;
    }

    public Task<bool> BlobExistsAsync(RepositoryRef repo, string digest, CancellationToken ct) =>
        _blobs.ExistsAsync(repo, digest, ScopeSet.Pull(repo.Repository), ct);

    /// <summary>Streams a blob; dispose the stream to release the connection.</summary>
    public Task<Stream> OpenBlobAsync(RepositoryRef repo, string digest, CancellationToken ct) => _blobs.OpenAsync(repo, digest, ct);

    /// <summary>
    /// Makes <paramref name="blob"/> present in <paramref name="destination"/>: already there, mounted (from where
    /// <paramref name="placement"/> says it is, or from the source on the same registry), or streamed from the source
    /// and verified while uploading.
    /// </summary>
    public Task<BlobPushOutcome> CopyBlobAsync(RepositoryRef source, RepositoryRef destination, Descriptor blob, CancellationToken ct) =>
        CopyBlobAsync(source, destination, blob, BlobPlacement.Unknown, ct);

    /// <inheritdoc cref="CopyBlobAsync(RepositoryRef, RepositoryRef, Descriptor, CancellationToken)"/>
    public Task<BlobPushOutcome> CopyBlobAsync(RepositoryRef source, RepositoryRef destination, Descriptor blob, BlobPlacement placement, CancellationToken ct)
    {
        if (placement.Kind == BlobPlacementKind.Unknown && source.IsOnSameRegistryAs(destination) && source.Repository != destination.Repository)
        {
            placement = BlobPlacement.Elsewhere(source.Repository);
        }

        return _uploader.PushAsync(destination, blob, token => _blobs.OpenAsync(source, blob.Digest, token), ownsContent: true, placement, "copy", ct);
    }

    /// <summary>Uploads <paramref name="content"/> (read once, verified against digest and size while streaming).</summary>
    public Task<BlobPushOutcome> PushBlobAsync(RepositoryRef destination, Stream content, string digest, long size, CancellationToken ct)
    {
        var blob = new Descriptor("application/octet-stream", Digest.Validate(digest), size);
        return _uploader.PushAsync(destination, blob, _ => Task.FromResult(content), ownsContent: false, BlobPlacement.Unknown, "push", ct);
    }

    /// <summary>Referrers of a manifest: the referrers API, else the fallback tag; none when neither exists.</summary>
    public Task<IReadOnlyList<Descriptor>> ListReferrersAsync(RepositoryRef repo, string digest, CancellationToken ct) =>
        _referrers.ListAsync(repo, digest, ct);

    public void Dispose() => _transport.Dispose();

    private static ParsedManifest? TryParse(ManifestBlob manifest)
    {
        try
        {
            return manifest.Parse();
        }
        catch (FormatException)
        {
            // Not JSON we understand: it is pushed as-is and simply has no subject to record.
            return null;
        }
    }
}
