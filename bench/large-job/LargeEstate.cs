using System.Globalization;
using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.LargeJob;

/// <summary>
/// REPOS repositories of TAGS small images each (one 512-byte layer plus config, fresh content per image so no blob
/// is shared), the one-job config that mirrors them all, and the check that every tag arrived.
/// </summary>
internal sealed class LargeEstate(int repositories, int tags)
{
    // Enough to keep one docker-registry busy on two cores without queueing thousands of requests in its accept loop.
    private const int Parallelism = 16;

    public int Repositories => repositories;

    public int TagsPerRepository => tags;

    public int Tags => repositories * tags;

    public static string Tag(int index) => $"1.0.{index}";

    public async Task SeedAsync(RegistryProcess source, Action<int> progress, CancellationToken ct)
    {
        using var seeder = new RegistrySeeder(source);
        var pushed = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Tags),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                await seeder.PushImageAsync(SourceRepository(i / tags), Tag(i % tags), layers: 1, layerSize: 512, ct: token);
                progress(Interlocked.Increment(ref pushed));
            });
    }

    /// <summary>One artifact entry per repository, every tag selected (<c>semver: "*"</c>, no limit).</summary>
    public string Config(RegistryProcess source, RegistryProcess destination) =>
        SyncConfigs.Config([.. Enumerable.Range(0, repositories).Select(r =>
            SyncConfigs.Artifact($"{source.Host}/{SourceRepository(r)}", $"{destination.Host}/{MirrorRepository(r)}"))]);

    /// <summary>Why the report is not "every tag copied", or null when it is.</summary>
    public string? ReportProblem(SyncReport report)
    {
        var rows = report.Results.SelectMany(r => r.Tags).ToList();
        var notCopied = rows.Where(t => t.Status != TagStatus.Copied).ToList();
        var failedPlans = report.Results.Where(r => r.PlanFailed).ToList();
        if (rows.Count == Tags && notCopied.Count == 0 && failedPlans.Count == 0 && report.Results.Count == repositories)
        {
            return null;
        }

        var sample = string.Join("; ", notCopied.Take(5).Select(t => $"{t.Tag}: {t.Status} {t.Error}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"expected {Tags} copied rows in {repositories} entries, got {rows.Count} rows in {report.Results.Count} entries, {notCopied.Count} not copied, {failedPlans.Count} plans failed ({failedPlans.FirstOrDefault()?.Error ?? sample})");
    }

    /// <summary>Destination repositories that do not list exactly the seeded tags.</summary>
    public async Task<IReadOnlyList<string>> IncompleteMirrorsAsync(RegistryProcess destination, CancellationToken ct)
    {
        using var seeder = new RegistrySeeder(destination);
        var expected = Enumerable.Range(0, tags).Select(Tag).Order(StringComparer.Ordinal).ToList();
        var incomplete = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, repositories),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (r, token) =>
            {
                var listed = await seeder.ListTagsAsync(MirrorRepository(r), token);
                if (!listed.Order(StringComparer.Ordinal).SequenceEqual(expected))
                {
                    incomplete.Add($"{MirrorRepository(r)} ({listed.Count} tags)");
                }
            });
        return [.. incomplete];
    }

    private static string SourceRepository(int index) => $"estate/r{index:D5}";

    private static string MirrorRepository(int index) => $"mirror/r{index:D5}";
}
