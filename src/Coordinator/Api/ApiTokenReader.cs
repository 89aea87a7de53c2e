using System.Text;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Api;

/// <summary>
/// Reads the job API's bearer token: a coordinator from <c>FLUX_MIRROR_API_TOKEN_FILE</c> (a mounted Secret) or
/// <c>FLUX_MIRROR_API_TOKEN</c>, the CLI from <c>--api-token-file</c> or <c>FLUX_MIRROR_API_TOKEN</c>. Read once, when
/// the command starts. Every error names where the token came from, never the token.
/// </summary>
public static class ApiTokenReader
{
    public const string TokenVariable = "FLUX_MIRROR_API_TOKEN";
    public const string TokenFileVariable = "FLUX_MIRROR_API_TOKEN_FILE";

    // A token is a line of text; anything bigger is the wrong file (a certificate bundle, /dev/urandom).
    private const int MaxFileBytes = 4096;

    /// <summary>The coordinator's token, or null when neither variable is set (an empty one counts as unset).</summary>
    public static string? ForCoordinator(Func<string, string?> getEnv)
    {
        var file = getEnv(TokenFileVariable);
        var value = getEnv(TokenVariable);
        if (!string.IsNullOrEmpty(file) && !string.IsNullOrEmpty(value))
        {
            throw new CliException($"set {TokenFileVariable} or {TokenVariable}, not both");
        }

        return !string.IsNullOrEmpty(file) ? FromFile(file, TokenFileVariable)
            : !string.IsNullOrEmpty(value) ? Checked(value, TokenVariable)
            : null;
    }

    /// <summary>The CLI's token: the file given by --api-token-file wins over the variable; null when there is neither.</summary>
    public static string? ForClient(string? tokenFile, Func<string, string?> getEnv) =>
        !string.IsNullOrEmpty(tokenFile) ? FromFile(tokenFile, "--api-token-file")
        : getEnv(TokenVariable) is { Length: > 0 } value ? Checked(value, TokenVariable)
        : null;

    /// <summary>The file's text without its trailing line break(s); an empty file is an error, not "no token".</summary>
    public static string FromFile(string path, string origin)
    {
        byte[] bytes;
        try
        {
            using var stream = File.OpenRead(path);
            bytes = new byte[MaxFileBytes + 1];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read > MaxFileBytes)
            {
                throw new CliException($"the API token file {path} ({origin}) is larger than {MaxFileBytes} bytes: is it the token?");
            }

            Array.Resize(ref bytes, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the API token file {path} ({origin}): {ex.Message}");
        }

        var token = Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n');
        return token.Length == 0
            ? throw new CliException($"the API token file {path} ({origin}) is empty")
            : Checked(token, $"the API token file {path} ({origin})");
    }

    // An HTTP header carries it: a line break or a control character would never arrive, a space would split it.
    private static string Checked(string token, string origin) =>
        token.All(c => c is > ' ' and < '\u007f')
            ? token
            : throw new CliException($"{origin}: the API token must be printable ASCII without spaces");
}
