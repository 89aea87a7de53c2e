using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>A role of root.json: which keys may sign its metadata and how many distinct ones must.</summary>
internal sealed record TufRole(IReadOnlySet<string> KeyIds, int Threshold)
{
    public static TufRole Parse(JsonElement role)
    {
        var keyIds = TufJson.Property(role, "keyids", JsonValueKind.Array).EnumerateArray()
            .Select(id => id.ValueKind == JsonValueKind.String ? id.GetString()! : throw new FormatException("invalid key id"))
            .ToHashSet(StringComparer.Ordinal);
        var threshold = TufJson.Int64(role, "threshold");
        if (threshold < 1 || threshold > int.MaxValue)
        {
            throw new FormatException("threshold must be at least 1");
        }

        return new TufRole(keyIds, (int)threshold);
    }

    public bool SameKeysAs(TufRole other) => KeyIds.SetEquals(other.KeyIds) && Threshold == other.Threshold;
}
