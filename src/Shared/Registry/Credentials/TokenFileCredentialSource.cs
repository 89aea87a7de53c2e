using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// <c>credential.fromPath</c>: the file is re-read on every request so a rotated token (e.g. a projected
/// ServiceAccount token) is picked up without a restart.
/// </summary>
public sealed class TokenFileCredentialSource(string path) : IHostCredentialSource
{
    public string Path { get; } = path;

    public async ValueTask<HostCredential> ResolveAsync(CancellationToken ct)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialException($"read token file \"{Path}\": {ex.Message}", ex);
        }

        var token = text.Trim();
        if (token.Length == 0)
        {
            throw new CredentialException($"token file \"{Path}\" is empty");
        }

        return HostCredential.Bearer(token);
    }
}
