namespace FluxMirror.Registry.Model;

/// <summary>
/// A resolved registry credential: either a bearer token or a username/password pair.
/// <see cref="ToString"/> never reveals the secret.
/// </summary>
public sealed record HostCredential
{
    private HostCredential(string? bearerToken, string? username, string? password)
    {
        BearerToken = bearerToken;
        Username = username;
        Password = password;
    }

    public string? BearerToken { get; }

    public string? Username { get; }

    public string? Password { get; }

    public bool IsBearer => BearerToken is not null;

    public static HostCredential Bearer(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new HostCredential(token, null, null);
    }

    public static HostCredential Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return new HostCredential(null, username, password);
    }

    public override string ToString() => IsBearer ? "bearer token (redacted)" : $"username {Username}, password (redacted)";
}
