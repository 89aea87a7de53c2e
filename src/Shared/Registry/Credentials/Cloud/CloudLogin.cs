namespace FluxMirror.Registry.Credentials.Cloud;

/// <summary>
/// A registry username/password a cloud issued (ECR's <c>AWS</c> + authorization token, ACR's null GUID + refresh
/// token, GAR's <c>oauth2accesstoken</c> + access token). <see cref="ToString"/> never reveals the password.
/// </summary>
public sealed record CloudLogin(string Username, string Password, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"CloudLogin {{ Username = {Username}, Password = (redacted), ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>Fetches a registry login from one cloud for one host; failures throw <see cref="CredentialException"/> with a secret-free message.</summary>
public interface ICloudRegistryLogin
{
    /// <summary>The reference's provider name in error messages: <c>aws</c>, <c>azure</c> or <c>gcp</c>.</summary>
    string Cloud { get; }

    Task<CloudLogin> LoginAsync(string host, CancellationToken ct);
}
