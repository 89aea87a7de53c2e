using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Scaling;

/// <summary>Pushes the estate (tags 1.0.0 … 1.0.N-1, one tiny layer each) straight into the source registry, a few at a time.</summary>
internal static class EstateSeeder
{
    private const int Parallelism = 8;

    public static async Task SeedAsync(RegistryProcess registry, string repository, int tags, CancellationToken ct)
    {
        using var seeder = new RegistrySeeder(registry);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tags),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) => await seeder.PushImageAsync(repository, Tag(i), layers: 1, layerSize: 512, ct: token));
    }

    public static string Tag(int index) => $"1.0.{index}";
}
