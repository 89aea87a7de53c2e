using FluxMirror.Registry.Credentials.Cloud;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>
/// <c>hosts[].provider: gar</c>: an access token from application default credentials, scoped to
/// <c>cloud-platform</c> and <c>userinfo.email</c>, presented as <c>oauth2accesstoken</c> / token in the registry's own
/// challenge (Artifact Registry's token endpoint accepts exactly that). Errors carry fluxcd/pkg's wording below
/// <see cref="CloudCredentialSource"/>'s <c>get gcp registry credentials for "&lt;host&gt;": …</c>.
/// </summary>
public sealed class GcpRegistryLogin : ICloudRegistryLogin
{
    public const string Username = "oauth2accesstoken";

    public static readonly IReadOnlyList<string> Scopes =
    [
        "https://www.googleapis.com/auth/cloud-platform",
        "https://www.googleapis.com/auth/userinfo.email",
    ];

    private readonly FindGoogleCredential _find;

    public GcpRegistryLogin(FindGoogleCredential? find = null) => _find = find ?? GcpApplicationDefault.FindAsync;

    public string Cloud => "gcp";

    public async Task<CloudLogin> LoginAsync(string host, CancellationToken ct)
    {
        if (GcpRegistryHost.Problem(host) is { } problem)
        {
            throw new CredentialException(problem);
        }

        try
        {
            // A freshly scoped credential holds no cached token, so a renewal (half-life or 401) really fetches anew.
            var credential = (await _find(ct).ConfigureAwait(false)).CreateScoped(Scopes);
            var token = await GcpAccessToken.FetchAsync(credential, ct).ConfigureAwait(false);
            return new CloudLogin(Username, token.AccessToken, token.ExpiresAt);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException(
                $"failed to get access token for artifact registry: failed to create provider access token for the controller: {ex.Message}", ex);
        }
    }
}
