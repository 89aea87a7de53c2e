using System.Collections.Concurrent;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// Docker config credentials for registry hosts: <c>credHelpers[host]</c>, then <c>auths</c>, then
/// <c>credsStore</c>. The file is read once and each host is resolved once per keychain (helpers are processes).
/// </summary>
internal sealed class DockerConfigKeychain(string? configDirectory, string? helperDirectory)
{
    private readonly Lazy<Task<DockerConfigFile>> _config = new(
        () => DockerConfigFile.LoadAsync(configDirectory ?? DockerConfigFile.DefaultDirectory(), CancellationToken.None));

    private readonly ConcurrentDictionary<string, Lazy<Task<RegistryCredential>>> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<RegistryCredential> ResolveAsync(string host, CancellationToken ct)
    {
        var lookup = _hosts.GetOrAdd(host, h => new Lazy<Task<RegistryCredential>>(() => LookupAsync(h)));
        try
        {
            return await lookup.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (CredentialException)
        {
            // Do not pin a failure (e.g. a helper that timed out) for the whole run.
            _hosts.TryRemove(new KeyValuePair<string, Lazy<Task<RegistryCredential>>>(host, lookup));
            throw;
        }
    }

    private async Task<RegistryCredential> LookupAsync(string host)
    {
        var config = await _config.Value.ConfigureAwait(false);
        var key = DockerConfigFile.NormaliseServerKey(host);
        var serverUrl = DockerConfigFile.ServerKeyFor(host);

        if (config.CredHelpers.TryGetValue(key, out var helper))
        {
            return await DockerCredentialHelper.GetAsync(helper, serverUrl, helperDirectory, CancellationToken.None).ConfigureAwait(false)
                ?? RegistryCredential.Anonymous;
        }

        if (config.Auths.TryGetValue(key, out var credential))
        {
            return credential;
        }

        if (config.CredsStore is { } store)
        {
            return await DockerCredentialHelper.GetAsync(store, serverUrl, helperDirectory, CancellationToken.None).ConfigureAwait(false)
                ?? RegistryCredential.Anonymous;
        }

        return RegistryCredential.Anonymous;
    }
}
