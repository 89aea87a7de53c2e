using System.Net;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Registry.Protocol;

/// <summary>HEAD and streamed GET of <c>/v2/&lt;repo&gt;/blobs/&lt;digest&gt;</c>.</summary>
internal sealed class BlobOperations(RegistryHttp http)
{
    public async Task<bool> ExistsAsync(RepositoryRef repository, string digest, ScopeSet scopes, CancellationToken ct)
    {
        Digest.Validate(digest);
        using var request = RegistryHttp.Create(HttpMethod.Head, RegistryHttp.RepositoryUri(repository, "blobs/" + digest), scopes);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await RegistryHttp.ErrorAsync(response, ct).ConfigureAwait(false),
        };
    }

    /// <summary>The blob's bytes as a stream that owns the response (redirects to storage are followed by the transport).</summary>
    public async Task<Stream> OpenAsync(RepositoryRef repository, string digest, CancellationToken ct)
    {
        Digest.Validate(digest);
        var request = RegistryHttp.Create(HttpMethod.Get, RegistryHttp.RepositoryUri(repository, "blobs/" + digest), ScopeSet.Pull(repository.Repository));
        var response = await http.SendExpectingAsync(request, ct, HttpStatusCode.OK).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new ResponseOwningStream(stream, response, request);
        }
        catch
        {
            response.Dispose();
            request.Dispose();
            throw;
        }
    }
}
