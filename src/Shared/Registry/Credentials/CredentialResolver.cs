using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// Finds the credential for a host: configured host settings first (re-resolved per request so rotating sources
/// work), then the Docker config and its credential helpers (looked up once per host), else anonymous.
/// </summary>
internal sealed class CredentialResolver(RegistryClientOptions options, DockerConfigKeychain keychain)
{
    public async ValueTask<RegistryCredential> ResolveAsync(string host, CancellationToken ct)
    {
        if (options.SettingsFor(host) is { Credential: { } source } settings)
        {
            var credential = await source.ResolveAsync(ct).ConfigureAwait(false);
            var presented = !credential.IsBearer
                ? RegistryCredential.Basic(credential.Username!, credential.Password ?? string.Empty)
                : settings.Username is { Length: > 0 } username
                    ? RegistryCredential.Basic(username, credential.BearerToken!)
                    : RegistryCredential.StampedBearer(credential.BearerToken!);
            return presented with { Issued = credential };
        }

        return await keychain.ResolveAsync(host, ct).ConfigureAwait(false);
    }

    /// <summary>The registry refused <paramref name="presented"/>: a renewable source fetches a new one next time.</summary>
    public void Reject(string host, RegistryCredential presented)
    {
        if (presented.Issued is { } issued && options.SettingsFor(host)?.Credential is IRenewableCredentialSource renewable)
        {
            renewable.Invalidate(issued);
        }
    }
}
