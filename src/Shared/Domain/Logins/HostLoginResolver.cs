using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Logins;

/// <summary>
/// Resolves a host's credential once, the way <c>sync</c> would present it (same sources, same providers), into what
/// <c>login</c> and <c>secret</c> store: a cloud <c>provider</c> host or a <c>credential</c> host with <c>username</c>
/// gives a username/password pair, a <c>credential</c> host without <c>username</c> a bearer registry token.
/// </summary>
public static class HostLoginResolver
{
    /// <returns>Null for a TLS-only host: it has nothing to store.</returns>
    /// <exception cref="LoginException">The credential could not be resolved: <c>host "h": …</c>.</exception>
    public static async Task<HostLogin?> ResolveAsync(HostEntry host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostCredential credential;
        try
        {
            // Built here, not up front: a broken JWK fails its own host, with the host named.
            if (HostSettingsFactory.CredentialSourceFor(host) is not { } source)
            {
                return null;
            }

            credential = host.Credential?.Source == CredentialSource.FromPath
                ? ReadFromPath(host.Credential.FromPath!)
                : await source.ResolveAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CredentialException or ConfigException)
        {
            throw new LoginException($"host {GoQuote.Quote(host.Host)}: {ex.Message}", ex);
        }

        if (!credential.IsBearer)
        {
            return HostLogin.Basic(host.Host, credential.Username!, credential.Password ?? string.Empty);
        }

        return string.IsNullOrWhiteSpace(host.Username)
            ? HostLogin.Token(host.Host, credential.BearerToken!)
            : HostLogin.Basic(host.Host, host.Username, credential.BearerToken!);
    }

    // The reference reads the file itself here (sync re-reads it per request), with its own error prefix.
    private static HostCredential ReadFromPath(string path)
    {
        if (ConfigSupport.ReadFile(path, out var text) is { } error)
        {
            throw new CredentialException("read fromPath: " + error);
        }

        var token = text.Trim();
        return token.Length > 0
            ? HostCredential.Bearer(token)
            : throw new CredentialException($"read fromPath: token file {GoQuote.Quote(path)} is empty");
    }
}
