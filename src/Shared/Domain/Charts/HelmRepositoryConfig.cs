using FluxMirror.Registry.Model;
using static FluxMirror.Domain.GoCompat.GoYamlFields;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Helm's <c>repositories.yaml</c>: finds the entry whose URL matches a chart source (scheme and host compared
/// case-insensitively, trailing slashes ignored). A missing file means anonymous access.
/// </summary>
internal static class HelmRepositoryConfig
{
    /// <returns>The matching entry, or null when the file does not exist or lists no such repository.</returns>
    /// <exception cref="HelmException">When the file cannot be read or parsed, or an entry URL is malformed.</exception>
    public static async Task<HelmRepositoryEntry?> FindAsync(string configPath, string sourceUrl, CancellationToken ct)
    {
        byte[] data;
        try
        {
            data = await File.ReadAllBytesAsync(configPath, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HelmException($"load Helm repository config {configPath}: {ex.Message}", ex);
        }

        IReadOnlyList<HelmRepositoryEntry?> entries;
        try
        {
            entries = Parse(data);
        }
        catch (FormatException ex)
        {
            throw new HelmException($"load Helm repository config {configPath}: {ex.Message}", ex);
        }

        var sourceKey = HelmUrls.MatchKey(sourceUrl)
            ?? throw new HelmException($"normalize source URL {GoQuote.Quote(HelmUrls.Display(sourceUrl))}: missing scheme or host");
        foreach (var entry in entries)
        {
            if (entry is null || entry.Url.Trim().Length == 0)
            {
                continue;
            }

            var entryKey = HelmUrls.MatchKey(entry.Url)
                ?? throw new HelmException($"normalize Helm repository {GoQuote.Quote(entry.Name)} URL {GoQuote.Quote(HelmUrls.Display(entry.Url))}: missing scheme or host");
            if (entryKey == sourceKey)
            {
                return entry;
            }
        }

        return null;
    }

    private static List<HelmRepositoryEntry?> Parse(byte[] data)
    {
        var result = new List<HelmRepositoryEntry?>();
        if (HelmYaml.LoadMapping(data, "repositories file") is not { } root)
        {
            return result;
        }

        foreach (var (key, value) in Entries(root))
        {
            if (key.Equals("repositories", StringComparison.OrdinalIgnoreCase))
            {
                result = [.. (List(value, key, "[]*Entry") ?? []).Select(ReadEntry)];
            }
        }

        return result;
    }

    private static HelmRepositoryEntry? ReadEntry(YamlDotNet.RepresentationModel.YamlNode node)
    {
        if (Mapping(node, "repositories") is not { } map)
        {
            return null;
        }

        var entry = new HelmRepositoryEntry();
        foreach (var (key, value) in Entries(map))
        {
            entry = key.ToLowerInvariant() switch
            {
                "name" => entry with { Name = String(value, key) },
                "url" => entry with { Url = String(value, key) },
                "username" => entry with { Username = String(value, key) },
                "password" => entry with { Password = String(value, key) },
                "certfile" => entry with { CertFile = String(value, key) },
                "keyfile" => entry with { KeyFile = String(value, key) },
                "cafile" => entry with { CaFile = String(value, key) },
                "insecure_skip_tls_verify" => entry with { InsecureSkipTlsVerify = Bool(value, key) },
                "pass_credentials_all" => entry with { PassCredentialsAll = Bool(value, key) },
                _ => entry,
            };
        }

        return entry;
    }
}
