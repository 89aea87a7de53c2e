using Google.Apis.Auth.OAuth2;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>
/// Google application default credentials, found the way Google.Apis.Auth finds them: the JSON file named by
/// <c>GOOGLE_APPLICATION_CREDENTIALS</c> (service account, external account / workload identity federation), gcloud's
/// user credentials in <c>~/.config/gcloud/application_default_credentials.json</c>, then the GCE/GKE metadata
/// server (<c>GCE_METADATA_HOST</c> overrides its address). The library caches the result for the process.
/// </summary>
public static class GcpApplicationDefault
{
    /// <summary>
    /// Bounds the search. Off GCE the library's metadata probe gives up after three 500 ms attempts, so this only
    /// fires when something hangs outright (a metadata address that accepts but never answers).
    /// </summary>
    public static readonly TimeSpan SearchTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Bounds one token request (access or ID token), the library's own retries included.</summary>
    public static readonly TimeSpan TokenTimeout = TimeSpan.FromSeconds(30);

    public static async Task<GoogleCredential> FindAsync(CancellationToken ct)
    {
        try
        {
            return await GoogleCredential.GetApplicationDefaultAsync(ct).WaitAsync(SearchTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (GcpErrors.IsFailure(ex, ct))
        {
            throw new CredentialException(GcpErrors.Describe(ex, SearchTimeout), ex);
        }
    }
}
