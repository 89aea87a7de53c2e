using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Tokens.Jwk;

namespace FluxMirror.Domain.Config;

/// <summary>
/// The private key of a <c>jwkPath</c>/<c>jwkValue</c> credential, read and parsed where the config is checked
/// (CLI and coordinator) and again where hosts are built, so a broken key fails the config up front with one
/// message (<c>credential: read jwkPath: …</c>, <c>credential: parse JWK: …</c>) instead of failing every request.
/// </summary>
public static class JwkCredential
{
    /// <summary>The key; a problem throws <see cref="ConfigException"/> (without the <c>hosts[i]: </c> prefix).</summary>
    public static JwkKey Load(CredentialSpec credential) =>
        TryLoad(credential, out var key) is { } problem ? throw new ConfigException(problem) : key!;

    /// <summary>What is wrong with the key, as <c>credential: …</c>, or null.</summary>
    public static string? Problem(CredentialSpec credential) => TryLoad(credential, out _);

    private static string? TryLoad(CredentialSpec credential, out JwkKey? key)
    {
        ArgumentNullException.ThrowIfNull(credential);
        key = null;
        string json;
        if (credential.Source == CredentialSource.JwkPath)
        {
            if (ConfigSupport.ReadFile(credential.JwkPath!, out json) is { } error)
            {
                return "credential: read jwkPath: " + error;
            }
        }
        else
        {
            json = credential.JwkValue ?? "";
        }

        try
        {
            key = JwkKey.Parse(json);
            return null;
        }
        catch (CredentialException ex)
        {
            return "credential: " + ex.Message;
        }
    }
}
