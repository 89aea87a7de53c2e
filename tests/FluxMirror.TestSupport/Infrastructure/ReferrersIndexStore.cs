using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// What a registry with the OCI 1.1 referrers API keeps: per repository and subject digest, the descriptors of the
/// manifests pushed with that <c>subject</c>. Descriptors are listed in digest order, so the same set always gives
/// the same index.
/// </summary>
public sealed class ReferrersIndexStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Repository, string Subject), SortedDictionary<string, JsonObject>> _referrers = [];

    /// <summary>Records <paramref name="manifest"/> (already stored as <paramref name="digest"/>) when it has a subject; returns the subject digest.</summary>
    public string? Record(string repository, string digest, byte[] manifest, string? contentType)
    {
        if (JsonNode.Parse(manifest) is not JsonObject document || (string?)document["subject"]?["digest"] is not { } subject)
        {
            return null;
        }

        var descriptor = new JsonObject
        {
            ["mediaType"] = (string?)document["mediaType"] ?? contentType,
            ["digest"] = digest,
            ["size"] = manifest.LongLength,
        };

        // Distribution spec: an image manifest without artifactType is listed with its config media type.
        if (((string?)document["artifactType"] ?? (string?)document["config"]?["mediaType"]) is { } artifactType)
        {
            descriptor["artifactType"] = artifactType;
        }

        if (document["annotations"] is JsonObject annotations)
        {
            descriptor["annotations"] = annotations.DeepClone();
        }

        lock (_lock)
        {
            if (!_referrers.TryGetValue((repository, subject), out var list))
            {
                _referrers[(repository, subject)] = list = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            }

            list[digest] = descriptor;
        }

        return subject;
    }

    /// <summary>Forgets a deleted manifest wherever it was listed.</summary>
    public void Remove(string repository, string digest)
    {
        lock (_lock)
        {
            foreach (var ((repo, _), list) in _referrers)
            {
                if (repo == repository)
                {
                    list.Remove(digest);
                }
            }
        }
    }

    /// <summary>The referrers of <paramref name="subject"/>, optionally only those of <paramref name="artifactType"/>.</summary>
    public IReadOnlyList<JsonObject> List(string repository, string subject, string? artifactType = null)
    {
        lock (_lock)
        {
            return _referrers.TryGetValue((repository, subject), out var list)
                ? [.. list.Values.Where(d => artifactType is null || (string?)d["artifactType"] == artifactType).Select(d => (JsonObject)d.DeepClone())]
                : [];
        }
    }
}
