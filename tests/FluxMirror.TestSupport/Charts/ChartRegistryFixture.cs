using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Charts;

/// <summary>One real registry for a whole test class; every test uses its own repositories in it.</summary>
public sealed class ChartRegistryFixture : IAsyncLifetime
{
    public RegistryProcess Registry { get; private set; } = null!;

    public RegistrySeeder Seeder { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync(ct: TestContext.Current.CancellationToken);
        Seeder = new RegistrySeeder(Registry);
    }

    public async ValueTask DisposeAsync()
    {
        Seeder.Dispose();
        await Registry.DisposeAsync();
    }
}
