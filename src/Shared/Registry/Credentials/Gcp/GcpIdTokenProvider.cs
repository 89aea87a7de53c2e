using Google.Apis.Auth.OAuth2;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>
/// <c>credential.provider: gcp</c>: a Google-signed ID token for the audience, minted by the credential application
/// default credentials name (service account key, impersonated service account, GCE/GKE metadata server). gcloud
/// user credentials cannot mint one for an arbitrary audience, so, like the reference, the ID token that comes with
/// their refreshed access token is used (its audience is gcloud's client id). Meant to be wrapped in a
/// MintedTokenSource, which caches by the token's <c>exp</c>.
/// </summary>
public sealed class GcpIdTokenProvider
{
    /// <summary>The scopes the reference asks for in the user-credential fallback.</summary>
    public static readonly IReadOnlyList<string> FallbackScopes = ["openid", "https://www.googleapis.com/auth/userinfo.email"];

    private readonly string _audience;
    private readonly FindGoogleCredential _find;

    public GcpIdTokenProvider(string audience, FindGoogleCredential? find = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        _audience = audience;
        _find = find ?? GcpApplicationDefault.FindAsync;
    }

    public async ValueTask<string> MintAsync(CancellationToken ct)
    {
        GoogleCredential credential;
        try
        {
            credential = await _find(ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"create GCP ID token source: {ex.Message}", ex);
        }

        return credential.UnderlyingCredential is IOidcTokenProvider
            ? await IdTokenAsync(credential, ct).ConfigureAwait(false)
            : await FallbackIdTokenAsync(credential, ct).ConfigureAwait(false);
    }

    private async Task<string> IdTokenAsync(GoogleCredential credential, CancellationToken ct)
    {
        var timeout = GcpApplicationDefault.TokenTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try
        {
            var source = await credential.GetOidcTokenAsync(OidcTokenOptions.FromTargetAudience(_audience), bounded.Token).ConfigureAwait(false);
            return await source.GetAccessTokenAsync(bounded.Token).WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (GcpErrors.IsFailure(ex, ct))
        {
            throw new CredentialException($"get GCP token: {GcpErrors.Describe(ex, timeout)}", ex);
        }
    }

    private static async Task<string> FallbackIdTokenAsync(GoogleCredential credential, CancellationToken ct)
    {
        GoogleCredential scoped;
        try
        {
            scoped = credential.CreateScoped(FallbackScopes);
        }
        catch (InvalidOperationException ex)
        {
            throw new CredentialException($"find GCP default credentials: {GcpErrors.Describe(ex, GcpApplicationDefault.SearchTimeout)}", ex);
        }

        GcpAccessToken token;
        try
        {
            token = await GcpAccessToken.FetchAsync(scoped, ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"get GCP token: {ex.Message}", ex);
        }

        return string.IsNullOrEmpty(token.IdToken)
            ? throw new CredentialException("GCP credential response carried no id_token")
            : token.IdToken;
    }
}
