using System.Text;
using System.Text.RegularExpressions;
using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Domain.Logins;

/// <summary>
/// <c>secret --export</c>: the Secret as a YAML manifest for <c>kubectl apply -f -</c> or a GitOps repository, in the
/// field order <c>kubectl create secret docker-registry --dry-run=client -o yaml</c> uses. The namespace is written
/// only when known (<c>-n</c>), like kubectl, so the manifest can be applied into whatever namespace the caller picks.
/// </summary>
public static partial class SecretManifestYaml
{
    public static string Render(DockerConfigSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\n");
        sb.Append("kind: Secret\n");
        sb.Append("metadata:\n");
        sb.Append("  name: ").Append(Scalar(secret.Name)).Append('\n');
        if (secret.Namespace is { Length: > 0 } ns)
        {
            sb.Append("  namespace: ").Append(Scalar(ns)).Append('\n');
        }

        sb.Append("type: ").Append(DockerConfigSecret.SecretType).Append('\n');
        sb.Append("data:\n");
        sb.Append("  ").Append(DockerConfigSecret.DataKey).Append(": ").Append(Convert.ToBase64String(secret.DockerConfigJsonBytes)).Append('\n');
        return sb.ToString();
    }

    // A valid Kubernetes name is a plain YAML scalar; anything else (the API would refuse it, but the manifest must
    // still parse as what was asked) is written double-quoted, which JSON string syntax satisfies.
    private static string Scalar(string value)
    {
        if (PlainName().IsMatch(value) && !YamlWords.Contains(value))
        {
            return value;
        }

        var sb = new StringBuilder();
        GoJsonWriter.AppendString(sb, value);
        return sb.ToString();
    }

    // Plain words YAML 1.1 readers (kubectl's among them) turn into booleans or null.
    private static readonly HashSet<string> YamlWords = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

    // Not a bare number either: "123" would parse back as an integer.
    [GeneratedRegex("^[a-z]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();
}
