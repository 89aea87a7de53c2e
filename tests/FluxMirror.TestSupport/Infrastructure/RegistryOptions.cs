namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>How to start a <see cref="RegistryProcess"/>. Both credentials set = htpasswd (Basic) auth.</summary>
public sealed record RegistryOptions(string? Username = null, string? Password = null)
{
    public bool RequiresAuth => Username is not null && Password is not null;
}
