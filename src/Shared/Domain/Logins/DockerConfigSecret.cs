using System.Text;

namespace FluxMirror.Domain.Logins;

/// <summary>
/// The pull Secret <c>secret</c> writes: type <c>kubernetes.io/dockerconfigjson</c>, one data key
/// <c>.dockerconfigjson</c>, the same shape <c>kubectl create secret docker-registry</c> produces. Plain data, no
/// Kubernetes client types: the CLI maps it onto the API. <see cref="ToString"/> never reveals the data.
/// </summary>
/// <param name="Namespace">Null when the manifest leaves the namespace to whoever applies it (<c>--export</c> without <c>-n</c>).</param>
public sealed record DockerConfigSecret(string Name, string? Namespace, string DockerConfigJsonText, int HostCount)
{
    public const string SecretType = "kubernetes.io/dockerconfigjson";
    public const string DataKey = ".dockerconfigjson";

    /// <summary>The value of <see cref="DataKey"/> as stored: the document's UTF-8 bytes.</summary>
    public byte[] DockerConfigJsonBytes => Encoding.UTF8.GetBytes(DockerConfigJsonText);

    public static DockerConfigSecret For(string name, string? @namespace, IReadOnlyList<HostLogin> logins)
    {
        ArgumentNullException.ThrowIfNull(logins);
        return new DockerConfigSecret(name, @namespace, DockerConfigJson.Serialize(logins), logins.Select(l => l.Host).Distinct(StringComparer.Ordinal).Count());
    }

    public override string ToString() => $"Secret {Namespace ?? "(no namespace)"}/{Name} ({SecretType}, {HostCount} host(s), data redacted)";
}
