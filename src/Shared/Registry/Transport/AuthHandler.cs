using System.Net;
using System.Net.Http.Headers;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Authenticates registry requests. Stamped bearer credentials go on every request with no ping; otherwise the
/// host's challenge (cached ping) decides: nothing, Basic, or a Bearer token for the request's scopes fetched from
/// the realm (cached per host and scope set). A 401 carrying a new challenge or new scopes is answered once with a
/// fresh token, when the request can be replayed.
/// </summary>
internal sealed class AuthHandler(CredentialResolver credentials, ChallengeCache challenges, TokenCache tokens, TokenClient tokenClient) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RegistryRequestOptions.IsAnonymous(request))
        {
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var host = RegistryRequestOptions.HostOf(request);
        var credential = await credentials.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await SendAuthorizedAsync(request, host, credential, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // A cloud login or minted token revoked before its expiry: the retry gets a fresh one.
                credentials.Reject(host, credential);
            }

            return response;
        }
        catch (RegistryException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            credentials.Reject(host, credential);
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        HttpRequestMessage request, string host, RegistryCredential credential, CancellationToken cancellationToken)
    {
        if (credential.IsStampedBearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.RegistryToken);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var challenge = await ChallengeOrNoneAsync(host, cancellationToken).ConfigureAwait(false);
        var scopes = RegistryRequestOptions.ScopesOf(request);
        var freshToken = await AuthorizeAsync(request, host, challenge, scopes, credential, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.From(response) is not { } renewed)
        {
            return response;
        }

        var retryScopes = scopes.Union(renewed.Scopes);
        var worthRetrying = renewed.IsBearer
            ? !renewed.IsSameKind(challenge) || !retryScopes.Equals(scopes) || !freshToken
            : renewed.IsBasic && credential.HasBasic && !challenge.IsBasic;
        if (!worthRetrying)
        {
            return response;
        }

        // Remember the new challenge even when this request cannot be replayed (a streamed upload): the job-level
        // retry then starts out right.
        challenges.Update(host, renewed with { Scopes = ScopeSet.Empty });
        tokens.Invalidate(host, scopes);
        if (!RegistryRequestOptions.IsReplayable(request))
        {
            return response;
        }

        response.Dispose();
        await AuthorizeAsync(request, host, renewed, retryScopes, credential, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthChallenge> ChallengeOrNoneAsync(string host, CancellationToken ct)
    {
        try
        {
            return await challenges.GetAsync(host, ct).ConfigureAwait(false);
        }
        catch (PingInconclusiveException)
        {
            return AuthChallenge.None;
        }
    }

    /// <summary>Sets the Authorization header for the challenge; returns true when a token was fetched for this call.</summary>
    private async Task<bool> AuthorizeAsync(
        HttpRequestMessage request, string host, AuthChallenge challenge, ScopeSet scopes, RegistryCredential credential, CancellationToken ct)
    {
        request.Headers.Authorization = null;
        if (challenge.IsBasic)
        {
            if (credential.HasBasic)
            {
                request.Headers.Authorization = TokenClient.BasicHeader(credential.Username!, credential.Password!);
            }

            return false;
        }

        if (!challenge.IsBearer)
        {
            return false;
        }

        var (token, fresh) = await tokens.GetAsync(
            host,
            scopes,
            token => tokenClient.FetchAsync(challenge, scopes, credential, token),
            ct).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return fresh;
    }
}
