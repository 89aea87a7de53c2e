using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// A Docker <c>config.json</c> as a JSON tree, for writing: every key flux-mirror does not touch (other auths,
/// <c>proxies</c>, <c>psFormat</c>, plugin settings…) survives a save unchanged. The read side for sync is
/// <see cref="DockerConfigFile"/>; this one exists because that record keeps only what credentials need.
/// </summary>
internal sealed class DockerConfigDocument
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // docker/cli writes tab-indented JSON; base64 '+' and '/' stay readable (this is a file, not HTML).
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] ObjectSections = ["auths", "credHelpers"];

    private readonly JsonObject _root;

    private DockerConfigDocument(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>The file written: <c>&lt;directory&gt;/config.json</c>, or the target when that is a symlink (as docker/cli does).</summary>
    public string Path { get; }

    /// <summary>docker/cli's <c>ContainsAuth</c>: a store, per-host helpers or any auths entry. Only a config without
    /// any of them gets a platform helper detected.</summary>
    public bool ContainsAuth =>
        CredsStore is not null || _root["credHelpers"] is JsonObject { Count: > 0 } || _root["auths"] is JsonObject { Count: > 0 };

    public string? CredsStore
    {
        get => _root["credsStore"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        set
        {
            if (value is null)
            {
                _root.Remove("credsStore");
            }
            else
            {
                _root["credsStore"] = value;
            }
        }
    }

    /// <summary>Loads the config; a missing (or empty) file is an empty config, a malformed one an error, never overwritten.</summary>
    public static async Task<DockerConfigDocument> LoadAsync(string directory, CancellationToken ct)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, "config.json"));
        try
        {
            if (new FileInfo(path).LinkTarget is not null && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target)
            {
                path = target.FullName;
            }

            if (!File.Exists(path))
            {
                return new DockerConfigDocument(path, []);
            }

            var text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return new DockerConfigDocument(path, []);
            }

            if (JsonNode.Parse(text) is not JsonObject root)
            {
                throw new CredentialException($"parse docker config \"{path}\": the top level is not a JSON object");
            }

            // SetAuth would replace a non-object auths (and lose what the user had there): refuse it like a parse error.
            if (ObjectSections.FirstOrDefault(k => root[k] is not null and not JsonObject) is { } wrong)
            {
                throw new CredentialException($"parse docker config \"{path}\": \"{wrong}\" is not a JSON object");
            }

            return new DockerConfigDocument(path, root);
        }
        catch (JsonException ex)
        {
            throw new CredentialException($"parse docker config \"{path}\": {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialException($"read docker config \"{path}\": {ex.Message}", ex);
        }
    }

    /// <summary>The helper <c>credHelpers</c> names for the host, matched as sync's reader matches (normalised key).</summary>
    public string? CredHelperFor(string host)
    {
        if (_root["credHelpers"] is not JsonObject helpers)
        {
            return null;
        }

        var key = DockerConfigFile.NormaliseServerKey(host);
        return helpers
            .Where(h => string.Equals(DockerConfigFile.NormaliseServerKey(h.Key), key, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null)
            .FirstOrDefault(s => s is not null);
    }

    /// <summary>Replaces <c>auths[key]</c> whole, as docker login does: a stale <c>identitytoken</c> or
    /// <c>registrytoken</c> left beside new fields would win over them on read.</summary>
    public void SetAuth(string key, JsonObject entry)
    {
        if (_root["auths"] is not JsonObject auths)
        {
            _root["auths"] = auths = [];
        }

        auths[key] = entry;
    }

    /// <summary>
    /// Writes atomically: a temp file in the same directory, flushed, then renamed over the config, so a reader (or a
    /// crash) sees the old file or the new one, never half of one. Keeps the existing file's mode, 0600 for a new
    /// file; creates a missing directory 0700.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        var temp = System.IO.Path.Combine(directory, $".tmp-config.json{Guid.NewGuid():N}");
        try
        {
            var mode = PrivateFile;
            if (!OperatingSystem.IsWindows())
            {
                if (!Directory.Exists(directory))
                {
                    Directory.CreateDirectory(directory, PrivateDirectory);
                }

                if (File.Exists(Path))
                {
                    mode = File.GetUnixFileMode(Path);
                }
            }
            else
            {
                Directory.CreateDirectory(directory);
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(_root, WriteOptions);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFile;
            }

            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // After creation, not through UnixCreateMode: the umask would narrow the mode being kept.
                File.SetUnixFileMode(temp, mode);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temp);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new CredentialException($"write docker config \"{Path}\": {ex.Message}", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the write already failed with the error that matters.
        }
    }
}
