using Google.Apis.Auth.OAuth2;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>
/// Locates the Google credential to use (application default credentials in production); a failure throws
/// <see cref="CredentialException"/> with a secret-free one-liner.
/// </summary>
public delegate Task<GoogleCredential> FindGoogleCredential(CancellationToken ct);
