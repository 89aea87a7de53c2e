using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// A TUF 1.0 client (the specification's "detailed client workflow") for fetching one target — Sigstore's
/// <c>trusted_root.json</c> — from a repository: update root (rotation by <c>&lt;n&gt;.root.json</c>), timestamp,
/// snapshot and top-level targets, then download the target and check it against the targets metadata. Delegated
/// targets are not followed. Every step's failure is a one-line <see cref="TufException"/>.
/// </summary>
public sealed class TufClient
{
    private const int MaxRootRotations = 32;
    private const long MaxRootBytes = 512 * 1024;
    private const long MaxTimestampBytes = 16 * 1024;
    private const long MaxMetadataBytes = 5 * 1024 * 1024;

    private readonly TufFetcher _fetcher;
    private readonly TufRepository _repository;
    private readonly TimeProvider _time;
    private readonly TufCache _cache;
    private readonly Uri _metadataUrl;
    private readonly Uri _targetsUrl;

    public TufClient(HttpClient http, TufRepository repository, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(time);
        _fetcher = new TufFetcher(http);
        _repository = repository;
        _time = time;
        _cache = new TufCache(repository.CacheDirectory);
        _metadataUrl = AsDirectory(repository.MetadataUrl);
        _targetsUrl = AsDirectory(repository.TargetsUrl);
    }

    /// <summary>The target's bytes, after a full metadata update; from the cache when it still matches the metadata.</summary>
    /// <exception cref="TufException">Any step of the update or the download failed.</exception>
    public async Task<byte[]> GetTargetAsync(string targetName, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        var root = await UpdateRootAsync(ct);
        var timestamp = await UpdateTimestampAsync(root, ct);
        var snapshot = await UpdateSnapshotAsync(root, timestamp, ct);
        var targets = await UpdateTargetsAsync(root, snapshot, ct);
        return await DownloadTargetAsync(targets, targetName, ct);
    }

    private async Task<RootMetadata> UpdateRootAsync(CancellationToken ct)
    {
        var trusted = await LoadTrustedRootAsync(ct);
        var original = trusted;
        for (var rotation = 0; rotation < MaxRootRotations; rotation++)
        {
            var next = trusted.Version + 1;
            var bytes = await _fetcher.GetAsync(new Uri(_metadataUrl, $"{next}.root.json"), $"root.json version {next}", MaxRootBytes, missingEndsSearch: true, ct);
            if (bytes is null)
            {
                break;
            }

            var candidate = RootMetadata.Parse(bytes);
            // Signed by the root it replaces (the chain of trust) and by itself (its new keys really hold).
            trusted.RequireThreshold("root", candidate.Metadata);
            candidate.RequireThreshold("root", candidate.Metadata);
            if (candidate.Version != next)
            {
                throw new TufException($"root.json version {next}: the file holds version {candidate.Version}");
            }

            trusted = candidate;
            await _cache.WriteAsync("root.json", bytes, ct);
        }

        trusted.Metadata.RequireNotExpired(_time.GetUtcNow());
        if (!original.Role("timestamp").SameKeysAs(trusted.Role("timestamp")) || !original.Role("snapshot").SameKeysAs(trusted.Role("snapshot")))
        {
            // Metadata signed by keys the repository revoked must not serve as the rollback baseline.
            _cache.Delete("timestamp.json");
            _cache.Delete("snapshot.json");
        }

        return trusted;
    }

    private async Task<RootMetadata> LoadTrustedRootAsync(CancellationToken ct)
    {
        var initial = RootMetadata.Parse(_repository.InitialRoot);
        initial.RequireThreshold("root", initial.Metadata);
        if (await _cache.ReadAsync("root.json", ct) is { } cachedBytes)
        {
            try
            {
                var cached = RootMetadata.Parse(cachedBytes);
                cached.RequireThreshold("root", cached.Metadata);
                if (cached.Version >= initial.Version)
                {
                    return cached;
                }
            }
            catch (TufException)
            {
                // A damaged cache costs a longer update from the initial root, nothing more.
            }
        }

        return initial;
    }

    private async Task<SignedMetadata> UpdateTimestampAsync(RootMetadata root, CancellationToken ct)
    {
        var bytes = await _fetcher.GetAsync(new Uri(_metadataUrl, "timestamp.json"), "timestamp.json", MaxTimestampBytes, missingEndsSearch: false, ct);
        var timestamp = SignedMetadata.Parse(bytes!, "timestamp");
        root.RequireThreshold("timestamp", timestamp);
        var snapshotMeta = MetaEntry(timestamp, "snapshot.json");
        if (await LoadCachedAsync("timestamp", root, ct) is { } trusted)
        {
            RequireNoRollback("timestamp.json: version", timestamp.Version, trusted.Version);
            RequireNoRollback("snapshot.json: version", snapshotMeta.Version!.Value, MetaEntry(trusted, "snapshot.json").Version!.Value);
        }

        timestamp.RequireNotExpired(_time.GetUtcNow());
        await _cache.WriteAsync("timestamp.json", bytes!, ct);
        return timestamp;
    }

    private async Task<SignedMetadata> UpdateSnapshotAsync(RootMetadata root, SignedMetadata timestamp, CancellationToken ct)
    {
        var expected = MetaEntry(timestamp, "snapshot.json");
        var previous = await LoadCachedAsync("snapshot", root, ct);
        if (previous is not null && previous.Version == expected.Version && expected.Matches(previous.Raw))
        {
            previous.RequireNotExpired(_time.GetUtcNow());
            return previous;
        }

        var snapshot = await FetchDescribedAsync(root, "snapshot", expected, "timestamp", ct);
        if (previous is not null)
        {
            RequireNoRollback("snapshot.json: version", snapshot.Version, previous.Version);
            foreach (var (name, before) in MetaEntries(previous))
            {
                if (!MetaEntries(snapshot).TryGetValue(name, out var now))
                {
                    throw new TufException($"snapshot.json: {name} is missing from the new snapshot");
                }

                RequireNoRollback($"snapshot.json: {name} version", now.Version!.Value, before.Version!.Value);
            }
        }

        snapshot.RequireNotExpired(_time.GetUtcNow());
        await _cache.WriteAsync("snapshot.json", snapshot.Raw, ct);
        return snapshot;
    }

    private async Task<SignedMetadata> UpdateTargetsAsync(RootMetadata root, SignedMetadata snapshot, CancellationToken ct)
    {
        var expected = MetaEntry(snapshot, "targets.json");
        if (await LoadCachedAsync("targets", root, ct) is { } cached && cached.Version == expected.Version && expected.Matches(cached.Raw))
        {
            cached.RequireNotExpired(_time.GetUtcNow());
            return cached;
        }

        var targets = await FetchDescribedAsync(root, "targets", expected, "snapshot", ct);
        targets.RequireNotExpired(_time.GetUtcNow());
        await _cache.WriteAsync("targets.json", targets.Raw, ct);
        return targets;
    }

    /// <summary>
    /// Downloads the metadata file of <paramref name="role"/> that <paramref name="describedBy"/>'s <c>meta</c>
    /// entry <paramref name="expected"/> names: versioned path under consistent snapshots, bounded by the given
    /// length, hashes, signatures, and the exact version.
    /// </summary>
    private async Task<SignedMetadata> FetchDescribedAsync(RootMetadata root, string role, FileDescription expected, string describedBy, CancellationToken ct)
    {
        var file = $"{role}.json";
        var path = root.ConsistentSnapshot ? $"{expected.Version}.{file}" : file;
        var bytes = await _fetcher.GetAsync(new Uri(_metadataUrl, path), file, expected.Length ?? MaxMetadataBytes, missingEndsSearch: false, ct);
        expected.RequireMatch(file, bytes!);
        var metadata = SignedMetadata.Parse(bytes!, role);
        root.RequireThreshold(role, metadata);
        if (metadata.Version != expected.Version)
        {
            throw new TufException($"{file}: version {metadata.Version} does not match version {expected.Version} in {describedBy}.json");
        }

        return metadata;
    }

    private async Task<byte[]> DownloadTargetAsync(SignedMetadata targets, string targetName, CancellationToken ct)
    {
        var target = DescribeTarget(targets, targetName);
        var cacheName = TufCache.TargetFileName(targetName);
        if (await _cache.ReadAsync(cacheName, ct) is { } cached && target.Matches(cached))
        {
            return cached;
        }

        var bytes = await _fetcher.GetAsync(new Uri(_targetsUrl, TargetPath(targetName, target)), targetName, target.Length!.Value, missingEndsSearch: false, ct);
        target.RequireMatch(targetName, bytes!);
        await _cache.WriteAsync(cacheName, bytes!, ct);
        return bytes!;
    }

    private static FileDescription DescribeTarget(SignedMetadata targets, string targetName)
    {
        FileDescription target;
        try
        {
            var listed = TufJson.Property(targets.Signed, "targets", JsonValueKind.Object);
            if (!listed.TryGetProperty(targetName, out var entry))
            {
                var delegated = TufJson.OptionalProperty(targets.Signed, "delegations", JsonValueKind.Object) is { } delegations
                    && TufJson.OptionalProperty(delegations, "roles", JsonValueKind.Array) is { } roles && roles.GetArrayLength() > 0;
                throw new TufException(delegated
                    ? $"{targetName}: not a top-level target of targets.json, and delegated targets are not supported"
                    : $"{targetName}: no such target in targets.json");
            }

            target = FileDescription.Parse(entry);
        }
        catch (FormatException ex)
        {
            throw new TufException($"targets.json: malformed metadata: {ex.Message}", ex);
        }

        if (target.Length is null || !target.Hashes.Keys.Any(a => a is "sha256" or "sha512"))
        {
            throw new TufException($"{targetName}: targets.json gives no length or no sha256/sha512 hash");
        }

        return target;
    }

    /// <summary>Under consistent snapshots a target is served as <c>dir/&lt;hash&gt;.name</c>; hashes pin the content.</summary>
    private static string TargetPath(string targetName, FileDescription target)
    {
        var segments = targetName.Split('/').Select(Uri.EscapeDataString).ToArray();
        var hash = target.Sha256 ?? target.Hashes["sha512"];
        segments[^1] = $"{hash}.{segments[^1]}";
        return string.Join('/', segments);
    }

    private async Task<SignedMetadata?> LoadCachedAsync(string role, RootMetadata root, CancellationToken ct)
    {
        if (await _cache.ReadAsync($"{role}.json", ct) is not { } bytes)
        {
            return null;
        }

        try
        {
            var metadata = SignedMetadata.Parse(bytes, role);
            root.RequireThreshold(role, metadata);
            return metadata;
        }
        catch (TufException)
        {
            // Unreadable or signed by keys the root no longer trusts: as if there were no cache.
            return null;
        }
    }

    private static IReadOnlyDictionary<string, FileDescription> MetaEntries(SignedMetadata metadata)
    {
        try
        {
            return TufJson.Property(metadata.Signed, "meta", JsonValueKind.Object).EnumerateObject()
                .ToDictionary(m => m.Name, m => FileDescription.Parse(m.Value) is { Version: not null } entry ? entry : throw new FormatException($"no version for {m.Name}"), StringComparer.Ordinal);
        }
        catch (FormatException ex)
        {
            throw new TufException($"{metadata.Role}.json: malformed metadata: {ex.Message}", ex);
        }
    }

    private static FileDescription MetaEntry(SignedMetadata metadata, string name) =>
        MetaEntries(metadata).TryGetValue(name, out var entry)
            ? entry
            : throw new TufException($"{metadata.Role}.json: malformed metadata: no meta entry for {name}");

    /// <param name="subject">What the version is of, e.g. <c>timestamp.json: version</c>.</param>
    private static void RequireNoRollback(string subject, long version, long trustedVersion)
    {
        if (version < trustedVersion)
        {
            throw new TufException($"{subject} {version} is lower than the trusted version {trustedVersion} (rollback)");
        }
    }

    private static Uri AsDirectory(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
