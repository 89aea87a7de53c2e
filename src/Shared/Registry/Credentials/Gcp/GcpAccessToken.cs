using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>An OAuth access token (and the ID token the response may carry) with its expiry. <see cref="ToString"/> redacts both tokens.</summary>
public sealed record GcpAccessToken(string AccessToken, string? IdToken, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// Fetches an access token for <paramref name="credential"/>, bounded by <see cref="GcpApplicationDefault.TokenTimeout"/>.
    /// The expiry and the ID token come from the token response the credential keeps after the request.
    /// </summary>
    public static async Task<GcpAccessToken> FetchAsync(GoogleCredential credential, CancellationToken ct)
    {
        var timeout = GcpApplicationDefault.TokenTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try
        {
            ITokenAccess access = credential;
            var token = await access.GetAccessTokenForRequestAsync(null, bounded.Token).WaitAsync(timeout, ct).ConfigureAwait(false);
            var response = ResponseOf(credential.UnderlyingCredential);
            return new GcpAccessToken(token, response?.IdToken, ExpiryOf(response));
        }
        catch (Exception ex) when (GcpErrors.IsFailure(ex, ct))
        {
            throw new CredentialException(GcpErrors.Describe(ex, timeout), ex);
        }
    }

    public override string ToString() =>
        $"GcpAccessToken {{ AccessToken = (redacted), IdToken = {(IdToken is null ? "(none)" : "(redacted)")}, ExpiresAt = {ExpiresAt:O} }}";

    private static TokenResponse? ResponseOf(ICredential credential) => credential switch
    {
        ServiceCredential service => service.Token,
        UserCredential user => user.Token,
        _ => null,
    };

    private static DateTimeOffset? ExpiryOf(TokenResponse? response) =>
        response?.ExpiresInSeconds is { } seconds
            ? new DateTimeOffset(DateTime.SpecifyKind(response.IssuedUtc, DateTimeKind.Utc)).AddSeconds(seconds)
            : null;
}
