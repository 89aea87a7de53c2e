using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials;

/// <summary>
/// What we can present to one registry host, in Docker config terms: a username/password, an identity (refresh)
/// token, or a registry token sent directly as Bearer. <see cref="ToString"/> never reveals a secret.
/// </summary>
internal sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken, string? RegistryToken)
{
    public static readonly RegistryCredential Anonymous = new(null, null, null, null);

    public bool IsAnonymous => this == Anonymous;

    /// <summary>Sent as <c>Authorization: Bearer</c> on every request, with no challenge round trip.</summary>
    public bool IsStampedBearer => RegistryToken is not null;

    public bool HasBasic => Username is not null && Password is not null;

    /// <summary>The configured host credential this was made from, so a rejection can be reported to its source.</summary>
    public HostCredential? Issued { get; init; }

    public static RegistryCredential Basic(string username, string password) => new(username, password, null, null);

    public static RegistryCredential StampedBearer(string token) => new(null, null, null, token);

    public static RegistryCredential Identity(string? username, string identityToken) => new(username, null, identityToken, null);

    public override string ToString() => IsAnonymous ? "anonymous"
        : IsStampedBearer ? "registry token (redacted)"
        : IdentityToken is not null ? "identity token (redacted)"
        : $"username {Username}, password (redacted)";
}
