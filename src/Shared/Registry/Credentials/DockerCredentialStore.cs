using System.Text;
using System.Text.Json.Nodes;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// Stores registry credentials the way <c>docker login</c> does, so docker, skopeo, crane and sync's own Docker
/// config keychain find them: through <c>credHelpers[host]</c>, else <c>credsStore</c>, else (on a config without any
/// credentials yet) an auto-detected platform helper, which is then persisted as <c>credsStore</c>; otherwise, or with
/// <c>plaintext</c>, as a base64 entry in <c>config.json</c>. A bearer <c>registrytoken</c> always goes to the file:
/// helpers only hold username/secret pairs. Each store is one atomic write of <c>config.json</c>.
/// </summary>
public sealed class DockerCredentialStore
{
    private readonly DockerConfigDocument _config;
    private readonly bool _plaintext;
    private readonly string? _helperDirectory;

    private DockerCredentialStore(DockerConfigDocument config, bool plaintext, string? helperDirectory)
    {
        _config = config;
        _plaintext = plaintext;
        _helperDirectory = helperDirectory;
    }

    /// <summary>The <c>config.json</c> this store writes.</summary>
    public string ConfigFile => _config.Path;

    /// <param name="directory">The Docker config directory (<c>--docker-config</c>, like <c>docker --config</c>);
    /// null = <c>$DOCKER_CONFIG</c>, else <c>~/.docker</c>, where sync's keychain reads.</param>
    /// <param name="plaintext">Bypass every helper, configured or detected.</param>
    /// <param name="helperDirectory">Where helpers live; null = PATH (tests pin a directory).</param>
    /// <exception cref="CredentialException">The existing config.json cannot be read or parsed.</exception>
    public static async Task<DockerCredentialStore> OpenAsync(string? directory, bool plaintext, CancellationToken ct, string? helperDirectory = null)
    {
        var config = await DockerConfigDocument.LoadAsync(directory ?? DockerConfigFile.DefaultDirectory(), ct).ConfigureAwait(false);
        // docker/cli detects a platform store only for a config that has no credentials of any kind yet, so an
        // existing plaintext setup is never silently split between the file and a keychain.
        if (!plaintext && !config.ContainsAuth && CredentialHelperLookup.DetectDefaultStore(helperDirectory) is { } detected)
        {
            config.CredsStore = detected;
        }

        return new DockerCredentialStore(config, plaintext, helperDirectory);
    }

    /// <summary>A username/password pair: into the host's helper, else <c>username</c>/<c>password</c>/<c>auth</c> in the file.</summary>
    /// <exception cref="CredentialException">The helper failed or the file could not be written; never with the secret.</exception>
    public async Task<DockerStoreOutcome> StoreBasicAsync(string host, string username, string password, CancellationToken ct)
    {
        var key = DockerConfigFile.ServerKeyFor(host);
        var helper = _plaintext ? null : _config.CredHelperFor(host) ?? _config.CredsStore;
        if (helper is not null)
        {
            await DockerCredentialHelper.StoreAsync(helper, key, username, password, _helperDirectory, ct).ConfigureAwait(false);
            // docker's native store leaves an empty entry so tools listing auths see the login; no secret in it.
            _config.SetAuth(key, []);
        }
        else
        {
            _config.SetAuth(key, new JsonObject
            {
                ["username"] = username,
                ["password"] = password,
                ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")),
            });
        }

        await _config.SaveAsync(ct).ConfigureAwait(false);
        return new DockerStoreOutcome(host, helper, _config.Path);
    }

    /// <summary>A bearer token sent as-is: always <c>auths[host].registrytoken</c> in the file.</summary>
    /// <exception cref="CredentialException">The file could not be written.</exception>
    public async Task<DockerStoreOutcome> StoreRegistryTokenAsync(string host, string registryToken, CancellationToken ct)
    {
        _config.SetAuth(DockerConfigFile.ServerKeyFor(host), new JsonObject { ["registrytoken"] = registryToken });
        await _config.SaveAsync(ct).ConfigureAwait(false);
        return new DockerStoreOutcome(host, null, _config.Path);
    }
}
