using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// A throw-away <c>$DOCKER_CONFIG</c> directory. Every <c>With…</c> call rewrites <c>config.json</c>,
/// so the file on disk always matches what the builder has been told; the real ~/.docker is never touched.
/// </summary>
public sealed class DockerConfigDir : IDisposable
{
    private readonly JsonObject _auths = [];
    private readonly JsonObject _credHelpers = [];
    private string? _credsStore;

    public DockerConfigDir()
    {
        Path = TempDirectory.Create("docker-config");
        Save();
    }

    /// <summary>The directory to use as DOCKER_CONFIG.</summary>
    public string Path { get; }

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    /// <summary>Holds credential-helper scripts made by <see cref="CreateCredentialHelper"/>; put it on PATH.</summary>
    public string BinDirectory => System.IO.Path.Combine(Path, "bin");

    /// <summary><c>auths[host].auth</c> = base64("user:pass"), the form <c>docker login</c> writes.</summary>
    public DockerConfigDir WithBasic(string host, string username, string password) =>
        SetAuth(host, "auth", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    /// <summary><c>auths[host].identitytoken</c>: an OAuth2 refresh token exchanged at the token endpoint.</summary>
    public DockerConfigDir WithIdentityToken(string host, string token) => SetAuth(host, "identitytoken", token);

    /// <summary><c>auths[host].registrytoken</c>: a bearer token sent as-is.</summary>
    public DockerConfigDir WithRegistryToken(string host, string token) => SetAuth(host, "registrytoken", token);

    /// <summary><c>credHelpers[host]</c> = helper name (the binary is <c>docker-credential-&lt;name&gt;</c>).</summary>
    public DockerConfigDir WithCredHelper(string host, string helperName)
    {
        _credHelpers[host] = helperName;
        Save();
        return this;
    }

    /// <summary>Top-level <c>credsStore</c>, the helper used for hosts without their own entry.</summary>
    public DockerConfigDir WithCredsStore(string helperName)
    {
        _credsStore = helperName;
        Save();
        return this;
    }

    /// <summary>
    /// Writes an executable <c>docker-credential-&lt;name&gt;</c> into <see cref="BinDirectory"/> answering
    /// <c>get</c> with the given credentials (a username of "&lt;token&gt;" means identity token, per the helper
    /// protocol). The server URL it was asked for is saved to <c>&lt;name&gt;.last-server</c> for assertions.
    /// </summary>
    /// <returns>The script's path.</returns>
    public string CreateCredentialHelper(string helperName, string username, string secret)
    {
        Directory.CreateDirectory(BinDirectory);
        var response = System.IO.Path.Combine(BinDirectory, $"{helperName}.json");
        File.WriteAllText(response, new JsonObject { ["Username"] = username, ["Secret"] = secret }.ToJsonString());
        var script = System.IO.Path.Combine(BinDirectory, $"docker-credential-{helperName}");
        var lastServer = System.IO.Path.Combine(BinDirectory, $"{helperName}.last-server");
        File.WriteAllText(script, $"""
            #!/bin/sh
            case "$1" in
              get) cat > '{lastServer}'; cat '{response}' ;;
              *) echo "unsupported: $1" >&2; exit 1 ;;
            esac

            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return script;
    }

    /// <summary>The server URL the helper was last asked about, or null if it never ran.</summary>
    public string? LastCredentialHelperRequest(string helperName)
    {
        var path = System.IO.Path.Combine(BinDirectory, $"{helperName}.last-server");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public void Dispose() => TempDirectory.TryDelete(Path);

    private DockerConfigDir SetAuth(string host, string field, string value)
    {
        if (_auths[host] is not JsonObject entry)
            _auths[host] = entry = [];
        entry[field] = value;
        Save();
        return this;
    }

    private void Save()
    {
        var config = new JsonObject
        {
            ["auths"] = _auths.DeepClone(),
            ["credHelpers"] = _credHelpers.DeepClone(),
        };
        if (_credsStore is not null)
            config["credsStore"] = _credsStore;
        File.WriteAllText(ConfigFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
