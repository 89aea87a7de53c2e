using System.Text;

namespace FluxMirror.Domain.Logins;

/// <summary>
/// What <c>login</c> and <c>secret</c> store for one host, in Docker config terms: a username/password pair (written
/// as <c>username</c>/<c>password</c>/<c>auth</c>) or a bearer <c>registrytoken</c>. <see cref="ToString"/> never
/// reveals a secret.
/// </summary>
public sealed record HostLogin
{
    private HostLogin(string host, string? username, string? password, string? registryToken)
    {
        Host = host;
        Username = username;
        Password = password;
        RegistryToken = registryToken;
    }

    /// <summary>The host as the config names it (port included).</summary>
    public string Host { get; }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>Set for a <c>credential</c> host without <c>username</c>: sent as Bearer, never stored in a helper.</summary>
    public string? RegistryToken { get; }

    public bool IsRegistryToken => RegistryToken is not null;

    /// <summary>Docker's <c>auth</c> field: base64 of <c>username:password</c>; null for a registry token.</summary>
    public string? Auth => Username is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public static HostLogin Basic(string host, string username, string password) => new(host, username, password, null);

    public static HostLogin Token(string host, string registryToken) => new(host, null, null, registryToken);

    public override string ToString() => IsRegistryToken
        ? $"{Host}: registry token (redacted)"
        : $"{Host}: username {Username}, password (redacted)";
}
