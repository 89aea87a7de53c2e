using System.Text.Json;

namespace FluxMirror.Tests.Integration.Packaging;

/// <summary>
/// The runtime part of an OCI image config, read from an image layout (index → manifest → config). The properties
/// carry the names of the config's keys.
/// </summary>
internal sealed record ImageConfig(
    string? User,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> Labels)
{
    public static ImageConfig FromLayout(string layout, string tag)
    {
        using var index = Read(layout, null);
        var manifestDigest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.TryGetProperty("annotations", out var a) && a.GetProperty("org.opencontainers.image.ref.name").GetString() == tag)
            .GetProperty("digest").GetString();
        using var manifest = Read(layout, manifestDigest);
        using var config = Read(layout, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString());
        var c = config.RootElement.GetProperty("config");
        return new ImageConfig(
            c.TryGetProperty(nameof(User), out var user) ? user.GetString() : null,
            Strings(c, "Entrypoint"),
            Strings(c, "Env").Select(e => e.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]),
            c.TryGetProperty(nameof(Volumes), out var volumes) ? volumes.EnumerateObject().Select(v => v.Name).ToArray() : [],
            c.TryGetProperty(nameof(Labels), out var labels) ? labels.EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!) : new Dictionary<string, string>());
    }

    private static JsonDocument Read(string layout, string? digest) =>
        JsonDocument.Parse(File.ReadAllBytes(digest is null
            ? Path.Combine(layout, "index.json")
            : Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..])));

    private static string[] Strings(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
}
