namespace FluxMirror.Registry.Model;

/// <summary>
/// A repository on a registry. <see cref="Registry"/> is the host[:port] as written (Docker Hub normalised to
/// <c>index.docker.io</c>); <see cref="Repository"/> is the path inside it (<c>library/</c> added for Docker Hub).
/// </summary>
public sealed record RepositoryRef(string Registry, string Repository)
{
    public const string DockerHubRegistry = OciRepositoryName.DockerHubRegistry;

    public static RepositoryRef Parse(string name)
    {
        if (!OciRepositoryName.TryParse(name, out var registry, out var repository, out var error))
        {
            throw new ArgumentException($"\"{name}\" is not a valid OCI repository: {error}", nameof(name));
        }

        return new RepositoryRef(registry, repository);
    }

    public bool IsOnSameRegistryAs(RepositoryRef other) =>
        string.Equals(Registry, other.Registry, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>registry/repository:tag</c> or <c>registry/repository@digest</c>.</summary>
    public string WithReference(string reference) =>
        Digest.IsDigestReference(reference) ? $"{this}@{reference}" : $"{this}:{reference}";

    public override string ToString() => $"{Registry}/{Repository}";
}
