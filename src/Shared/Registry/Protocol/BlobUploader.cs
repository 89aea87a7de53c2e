using System.Net;
using System.Net.Http.Headers;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// Puts a blob into a repository: HEAD (already there?), optional cross-repository mount, then an upload session
/// fed from a stream (one monolithic PATCH, or fixed-size chunks when the host caps request bodies) that is
/// committed with <c>PUT ?digest=</c> only after the streamed bytes were verified against the digest.
/// </summary>
internal sealed class BlobUploader(RegistryHttp http, BlobOperations blobs)
{
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(10);

    /// <param name="openContent">Opens the bytes, only when an upload is needed.</param>
    /// <param name="ownsContent">Whether the opened stream is disposed here (false for caller-provided streams).</param>
    /// <param name="operation">Verb for error messages (<c>copy</c> or <c>push</c>).</param>
    public async Task<BlobPushOutcome> PushAsync(
        RepositoryRef destination,
        Descriptor blob,
        Func<CancellationToken, Task<Stream>> openContent,
        bool ownsContent,
        RepositoryRef? mountFrom,
        string operation,
        CancellationToken ct)
    {
        var scopes = ScopeSet.Push(destination.Repository);
        if (mountFrom is not null)
        {
            scopes = scopes.Union(ScopeSet.Pull(mountFrom.Repository));
        }

        if (await blobs.ExistsAsync(destination, blob.Digest, scopes, ct).ConfigureAwait(false))
        {
            http.Log($"existing blob: {blob.Digest}");
            return BlobPushOutcome.Existing;
        }

        var location = await StartAsync(destination, blob.Digest, mountFrom, scopes, ct).ConfigureAwait(false);
        if (location is null)
        {
            http.Log($"mounted blob: {blob.Digest}");
            return BlobPushOutcome.Mounted;
        }

        var session = new UploadSession(location, scopes);
        Stream? content = null;
        try
        {
            content = await openContent(ct).ConfigureAwait(false);
            using var reader = new VerifyingBlobReader(content, blob.Digest, blob.Size);
            var chunkKiB = http.Options.SettingsFor(destination.Registry)?.MaxChunkSizeKiB ?? 0;
            if (blob.Size == 0)
            {
                await reader.VerifyAsync(ct).ConfigureAwait(false);
            }
            else if (chunkKiB > 0)
            {
                await UploadChunkedAsync(session, reader, chunkKiB * 1024, ct).ConfigureAwait(false);
            }
            else
            {
                await UploadMonolithicAsync(session, reader, ct).ConfigureAwait(false);
            }

            await CommitAsync(session, blob.Digest, ct).ConfigureAwait(false);
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

    /// <summary>Opens an upload session; null when the blob was mounted instead.</summary>
    private async Task<Uri?> StartAsync(RepositoryRef destination, string digest, RepositoryRef? mountFrom, ScopeSet scopes, CancellationToken ct)
    {
        if (mountFrom is not null)
        {
            var query = $"?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(mountFrom.Repository)}";
            try
            {
                using var mount = RegistryHttp.Create(HttpMethod.Post, RegistryHttp.RepositoryUri(destination, "blobs/uploads/" + query), scopes, EmptyContent());
                using var mounted = await http.SendExpectingAsync(mount, ct, HttpStatusCode.Created, HttpStatusCode.Accepted).ConfigureAwait(false);
                return mounted.StatusCode == HttpStatusCode.Created ? null : RegistryHttp.ResolveLocation(mounted);
            }
            catch (RegistryException ex)
            {
                http.Log($"retrying without mount: {ex.Message}");
            }
        }

        using var request = RegistryHttp.Create(HttpMethod.Post, RegistryHttp.RepositoryUri(destination, "blobs/uploads/"), scopes, EmptyContent());
        using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.Accepted).ConfigureAwait(false);
        return RegistryHttp.ResolveLocation(response);
    }

    private async Task UploadMonolithicAsync(UploadSession session, VerifyingBlobReader reader, CancellationToken ct)
    {
        var content = new VerifiedBlobContent(reader, http.Options.BytesTransferred);
        using var request = RegistryHttp.Create(HttpMethod.Patch, session.Location, session.Scopes, content);
        using var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.Accepted).ConfigureAwait(false);
        session.Location = RegistryHttp.ResolveLocation(response);
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

    private async Task CommitAsync(UploadSession session, string digest, CancellationToken ct)
    {
        var separator = string.IsNullOrEmpty(session.Location.Query) ? "?" : "&";
        var uri = new Uri(session.Location.AbsoluteUri + separator + "digest=" + Uri.EscapeDataString(digest));
        using var request = RegistryHttp.Create(HttpMethod.Put, uri, session.Scopes, EmptyContent());
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

    private sealed class UploadSession(Uri location, ScopeSet scopes)
    {
        public Uri Location { get; set; } = location;

        public ScopeSet Scopes { get; } = scopes;

        public bool Committed { get; set; }
    }
}
