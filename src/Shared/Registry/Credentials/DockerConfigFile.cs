using System.Text;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials;

/// <summary>The parts of a Docker <c>config.json</c> that carry registry credentials.</summary>
internal sealed record DockerConfigFile(
    IReadOnlyDictionary<string, RegistryCredential> Auths,
    IReadOnlyDictionary<string, string> CredHelpers,
    string? CredsStore)
{
    public const string DockerHubServerKey = "https://index.docker.io/v1/";

    public static readonly DockerConfigFile Empty = new(
        new Dictionary<string, RegistryCredential>(),
        new Dictionary<string, string>(),
        null);

    /// <summary>Reads <c>&lt;directory&gt;/config.json</c>; a missing file is an empty config.</summary>
    public static async Task<DockerConfigFile> LoadAsync(string directory, CancellationToken ct)
    {
        var path = Path.Combine(directory, "config.json");
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new CredentialException($"parse docker config \"{path}\": {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new CredentialException($"read docker config \"{path}\": {ex.Message}", ex);
        }
    }

    /// <summary>The default directory: <c>$DOCKER_CONFIG</c>, else <c>~/.docker</c>.</summary>
    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>
    /// Reduces an <c>auths</c> key to a bare host as docker/cli does (<c>https://host/v1/</c> → <c>host</c>),
    /// with every Docker Hub spelling mapped to <c>index.docker.io</c>.
    /// </summary>
    public static string NormaliseServerKey(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        return host.ToLowerInvariant() is "docker.io" or "registry-1.docker.io" or "index.docker.io" ? "index.docker.io" : host;
    }

    /// <summary>
    /// The key docker login stores a host under (and asks a helper for): the host as configured, except that every
    /// Docker Hub spelling is <see cref="DockerHubServerKey"/>, so docker, skopeo, crane and sync all find it.
    /// </summary>
    public static string ServerKeyFor(string host) =>
        NormaliseServerKey(host) == "index.docker.io" ? DockerHubServerKey : host;

    private static DockerConfigFile Parse(JsonElement root)
    {
        var auths = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in authsElement.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object && ParseEntry(entry.Value) is { } credential)
                {
                    auths.TryAdd(NormaliseServerKey(entry.Name), credential);
                }
            }
        }

        var helpers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in helpersElement.EnumerateObject())
            {
                if (entry.Value.GetString() is { Length: > 0 } helper)
                {
                    helpers.TryAdd(NormaliseServerKey(entry.Name), helper);
                }
            }
        }

        var store = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String
            ? storeElement.GetString()
            : null;
        return new DockerConfigFile(auths, helpers, string.IsNullOrEmpty(store) ? null : store);
    }

    private static RegistryCredential? ParseEntry(JsonElement entry)
    {
        string? Get(string name) =>
            entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

        if (Get("registrytoken") is { } registryToken)
        {
            return RegistryCredential.StampedBearer(registryToken);
        }

        var username = Get("username");
        var password = Get("password");
        if (Get("auth") is { } auth)
        {
            var decoded = DecodeAuth(auth);
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                username = decoded[..colon];
                password = decoded[(colon + 1)..];
            }
        }

        if (Get("identitytoken") is { } identityToken)
        {
            return RegistryCredential.Identity(username, identityToken);
        }

        return username is not null && password is not null ? RegistryCredential.Basic(username, password) : null;
    }

    private static string DecodeAuth(string auth)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(auth));
        }
        catch (FormatException)
        {
            // A malformed entry is ignored like docker/cli would; the message must not echo it.
            return string.Empty;
        }
    }
}
