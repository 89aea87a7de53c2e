namespace FluxMirror.Registry.Credentials;

/// <summary>Where <see cref="DockerCredentialStore"/> put a host's credential.</summary>
/// <param name="Helper">The credential helper that holds the secret; null when it is in <paramref name="ConfigFile"/>.</param>
/// <param name="ConfigFile">The <c>config.json</c> written (it gets an empty <c>auths</c> entry even when a helper holds the secret).</param>
public sealed record DockerStoreOutcome(string Host, string? Helper, string ConfigFile);
