using System.Net;
using System.Net.Http.Headers;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// Puts a blob into a repository with as few requests as the registry allows: nothing when the caller knows it is
/// there; a cross-repository mount when it is known elsewhere on the registry (a refused mount continues in the
/// session the refusal opened); otherwise a presence check — a mount probe from the repository itself once the
/// registry has honoured a mount (one request that answers "present" or opens the session), HEAD before that — and
/// an upload: one monolithic <c>PUT ?digest=</c> carrying the body, or fixed-size PATCH chunks when the host caps
/// request bodies. The last bytes leave only after the streamed content was verified against the digest.
/// </summary>
internal sealed class BlobUploader(RegistryHttp http, BlobOperations blobs)
{
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(10);
    private readonly MountSupport _mounts = new();

    /// <param name="openContent">Opens the bytes, only when an upload is needed.</param>
    /// <param name="ownsContent">Whether the opened stream is disposed here (false for caller-provided streams).</param>
    /// <param name="placement">What the caller knows of the blob at the destination.</param>
    /// <param name="operation">Verb for error messages (<c>copy</c> or <c>push</c>).</param>
    public async Task<BlobPushOutcome> PushAsync(
        RepositoryRef destination,
        Descriptor blob,
        Func<CancellationToken, Task<Stream>> openContent,
        bool ownsContent,
        BlobPlacement placement,
        string operation,
        CancellationToken ct)
    {
        if (placement.Kind == BlobPlacementKind.Present)
        {
            return BlobPushOutcome.Existing;
        }

        var start = await StartAsync(destination, blob.Digest, placement.MountFrom, ct).ConfigureAwait(false);
        if (start.Outcome is { } done)
        {
            http.Log(done == BlobPushOutcome.Mounted ? $"mounted blob: {blob.Digest}" : $"existing blob: {blob.Digest}");
            return done;
        }

        var session = new UploadSession(start.Location!, start.Scopes);
        Stream? content = null;
        try
        {
            content = await openContent(ct).ConfigureAwait(false);
            using var reader = new VerifyingBlobReader(content, blob.Digest, blob.Size);
            var chunkKiB = http.Options.SettingsFor(destination.Registry)?.MaxChunkSizeKiB ?? 0;
            if (chunkKiB > 0 && blob.Size > 0)
            {
                await UploadChunkedAsync(session, reader, chunkKiB * 1024, ct).ConfigureAwait(false);
                await CommitAsync(session, blob.Digest, EmptyContent(), ct).ConfigureAwait(false);
            }
            else
            {
                // One request carries the body and commits it; the registry checks the digest as well.
                await CommitAsync(session, blob.Digest, new VerifiedBlobContent(reader, http.Options.BytesTransferred), ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            await CancelAsync(session).ConfigureAwait(false);
            if (FindMismatch(ex) is { } mismatch)
            {
                throw new RegistryException($"{operation} blob {blob.Digest}: {mismatch.Message}", null, null, ex);
            }

            throw;
        }
        finally
        {
            if (ownsContent && content is not null)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }

        http.Log($"pushed blob: {blob.Digest}");
        return BlobPushOutcome.Pushed;
    }

    /// <summary>Either the blob's fate without an upload (mounted, or already in the repository) or an open upload session.</summary>
    private async Task<UploadStart> StartAsync(RepositoryRef destination, string digest, string? mountFrom, CancellationToken ct)
    {
        var scopes = ScopeSet.Push(destination.Repository);
        if (mountFrom is not null && mountFrom != destination.Repository)
        {
            scopes = scopes.Union(ScopeSet.Pull(mountFrom));
            return await MountOrOpenAsync(destination, digest, mountFrom, scopes, BlobPushOutcome.Mounted, ct).ConfigureAwait(false);
        }

        if (_mounts.Honoured(destination.Registry))
        {
            // Mounting from the repository itself: 201 when it already has the blob, else 202 with a session.
            return await MountOrOpenAsync(destination, digest, destination.Repository, scopes, BlobPushOutcome.Existing, ct).ConfigureAwait(false);
        }

        if (await blobs.ExistsAsync(destination, digest, scopes, ct).ConfigureAwait(false))
        {
            return new UploadStart(BlobPushOutcome.Existing, null, scopes);
        }

        return new UploadStart(null, await OpenSessionAsync(destination, scopes, ct).ConfigureAwait(false), scopes);
    }

    private async Task<UploadStart> MountOrOpenAsync(
        RepositoryRef destination, string digest, string from, ScopeSet scopes, BlobPushOutcome whenCreated, CancellationToken ct)
    {
        var query = $"?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}";
        try
        {
            using var mount = RegistryHttp.Create(HttpMethod.Post, RegistryHttp.RepositoryUri(destination, "blobs/uploads/" + query), scopes, EmptyContent());
            using var answer = await http.SendExpectingAsync(mount, ct, HttpStatusCode.Created, HttpStatusCode.Accepted).ConfigureAwait(false);
            if (answer.StatusCode != HttpStatusCode.Created)
            {
                return new UploadStart(null, RegistryHttp.ResolveLocation(answer), scopes);
            }

            _mounts.RecordHonoured(destination.Registry);
            return new UploadStart(whenCreated, null, scopes);
        }
        catch (RegistryException ex)
        {
            http.Log($"retrying without mount: {ex.Message}");
        }

        return new UploadStart(null, await OpenSessionAsync(destination, scopes, ct).ConfigureAwait(false), scopes);
    }

    private async Task<Uri> OpenSessionAsync(RepositoryRef destination, ScopeSet scopes, CancellationToken ct)
    {
        using var request = RegistryHttp.Create(HttpMethod.Post, RegistryHttp.RepositoryUri(destination, "blobs/uploads/"), scopes, EmptyContent());
        using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.Accepted).ConfigureAwait(false);
        return RegistryHttp.ResolveLocation(response);
    }

    /// <summary>Sequential PATCHes of at most <paramref name="chunkBytes"/>; only the current chunk is in memory.</summary>
    private async Task UploadChunkedAsync(UploadSession session, VerifyingBlobReader reader, int chunkBytes, CancellationToken ct)
    {
        var buffer = new byte[chunkBytes];
        long offset = 0;
        while (true)
        {
            var count = await reader.FillAsync(buffer, ct).ConfigureAwait(false);
            var last = reader.ReachedExpectedSize || count < buffer.Length;
            if (last)
            {
                // Verify before the final chunk leaves, so a corrupt blob is never fully uploaded.
                await reader.VerifyAsync(ct).ConfigureAwait(false);
            }

            if (count > 0)
            {
                var content = new ByteArrayContent(buffer, 0, count);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
                using var request = RegistryHttp.Create(HttpMethod.Patch, session.Location, session.Scopes, content);
                using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.Accepted).ConfigureAwait(false);
                session.Location = RegistryHttp.ResolveLocation(response);
                offset += count;
                http.Options.BytesTransferred?.Report(count);
            }

            if (last)
            {
                return;
            }
        }
    }

    private async Task CommitAsync(UploadSession session, string digest, HttpContent content, CancellationToken ct)
    {
        var separator = string.IsNullOrEmpty(session.Location.Query) ? "?" : "&";
        var uri = new Uri(session.Location.AbsoluteUri + separator + "digest=" + Uri.EscapeDataString(digest));
        using var request = RegistryHttp.Create(HttpMethod.Put, uri, session.Scopes, content);
        using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.Created).ConfigureAwait(false);
        session.Committed = true;
    }

    /// <summary>Best effort: abandon the session so the registry can drop the partial upload.</summary>
    private async Task CancelAsync(UploadSession session)
    {
        if (session.Committed)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CancelTimeout);
        try
        {
            using var request = RegistryHttp.Create(HttpMethod.Delete, session.Location, session.Scopes);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RegistryException or OperationCanceledException or CredentialException)
        {
            // The original failure is what matters; an orphaned session expires on its own.
        }
    }

    private static ByteArrayContent EmptyContent() => new([]);

    private static BlobContentMismatchException? FindMismatch(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is BlobContentMismatchException mismatch)
            {
                return mismatch;
            }
        }

        return null;
    }

    /// <summary>Set <see cref="Outcome"/> when no upload is needed; otherwise <see cref="Location"/> is the open session.</summary>
    private sealed record UploadStart(BlobPushOutcome? Outcome, Uri? Location, ScopeSet Scopes);

    private sealed class UploadSession(Uri location, ScopeSet scopes)
    {
        public Uri Location { get; set; } = location;

        public ScopeSet Scopes { get; } = scopes;

        public bool Committed { get; set; }
    }
}
