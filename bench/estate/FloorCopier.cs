using System.Collections.Concurrent;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// The floor: the minimal requests a correct copier needs, with HttpClient only (no actors, no journal), so the overhead of
/// flux-mirror's pipeline is a number. Per repository one tag list; per tag one source manifest GET and one destination
/// manifest HEAD (equal digests: done), its blobs through <see cref="FloorBlobMover"/>, then the manifest PUT. A fresh
/// ledger per run: it knows only what this run has seen.
/// </summary>
internal sealed class FloorCopier(EstateShape shape, int concurrency) : IEstateCopier
{
    public string Name => "floor";

    public bool RunsAsChildProcess => false;

    public async Task<string> CopyAsync(string sourceHost, string destinationHost, CancellationToken ct)
    {
        using var http = FloorHttp.CreateClient();
        var source = new FloorSource(http, new Uri($"http://{sourceHost}"));
        var destination = new FloorDestination(http, new Uri($"http://{destinationHost}"));
        var stats = new FloorStats();
        var blobs = new FloorBlobMover(source, destination, new BlobLedger(), stats);
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct };
        try
        {
            var tags = new ConcurrentBag<(string Repository, string Tag)>();
            await Parallel.ForEachAsync(shape.RepositoryNames, options, async (repository, token) =>
            {
                foreach (var tag in await source.ListTagsAsync(repository, token))
                {
                    tags.Add((repository, tag));
                }
            });

            // Repository order, as a config lists them: the tags of one repository run side by side and share its blobs.
            var ordered = tags.OrderBy(t => t.Repository, StringComparer.Ordinal).ThenBy(t => t.Tag, StringComparer.Ordinal);
            await Parallel.ForEachAsync(ordered, options, async (t, token) => await CopyTagAsync(source, destination, blobs, stats, t.Repository, t.Tag, token));
        }
        catch (HttpRequestException e)
        {
            throw new CopyFailedException($"{Name}: {e.Message}");
        }

        return stats.ToString();
    }

    private static async Task CopyTagAsync(
        FloorSource source, FloorDestination destination, FloorBlobMover blobs, FloorStats stats, string repository, string tag, CancellationToken ct)
    {
        // Independent reads on two registries: both in flight at once.
        var fetching = source.GetManifestAsync(repository, tag, ct);
        var existing = destination.ManifestDigestAsync(repository, tag, ct);
        await Task.WhenAll(fetching, existing);
        var manifest = await fetching;
        if (await existing == manifest.Digest)
        {
            stats.TagUpToDate();
            return;
        }

        await Task.WhenAll(manifest.Blobs().Select(b => blobs.EnsureAsync(repository, repository, b, ct)));
        await destination.PutManifestAsync(repository, tag, manifest, ct);
        stats.TagCopied();
    }
}
