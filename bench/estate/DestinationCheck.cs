using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// A fast run that left tags behind would be a meaningless figure: every repository must list every tag, and every tag
/// must resolve to the source's manifest digest. Asked of the registry directly, so no proxy counts it.
/// </summary>
internal static class DestinationCheck
{
    private const int Parallelism = 8;

    /// <exception cref="CopyFailedException">A tag is missing or has another digest.</exception>
    public static async Task VerifyAsync(RegistryProcess destination, SeededEstate estate, string copier, CancellationToken ct)
    {
        using var registry = new RegistrySeeder(destination);
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            estate.Shape.RepositoryNames,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (repository, token) =>
            {
                var listed = (await registry.ListTagsAsync(repository, token)).ToHashSet(StringComparer.Ordinal);
                foreach (var tag in estate.Shape.TagNames)
                {
                    var expected = estate.ManifestDigests[SeededEstate.Key(repository, tag)];
                    var actual = listed.Contains(tag) ? await registry.ManifestDigestAsync(repository, tag, token) : null;
                    if (actual != expected)
                    {
                        problems.Add($"{repository}:{tag} {(actual is null ? "missing" : $"is {actual}, expected {expected}")}");
                    }
                }
            });

        if (!problems.IsEmpty)
        {
            throw new CopyFailedException(
                $"{copier}: {problems.Count} of {estate.Tags} tags not at the destination, e.g. {string.Join("; ", problems.Order(StringComparer.Ordinal).Take(3))}");
        }
    }
}
