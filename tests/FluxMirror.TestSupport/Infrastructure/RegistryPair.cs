namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>The set-up most sync tests start from: a source and a destination registry, each with a seeder.</summary>
public sealed class RegistryPair : IAsyncDisposable
{
    private RegistryPair(RegistryProcess source, RegistryProcess destination)
    {
        Source = source;
        Destination = destination;
        Src = new RegistrySeeder(source);
        Dst = new RegistrySeeder(destination);
    }

    public RegistryProcess Source { get; }

    public RegistryProcess Destination { get; }

    public RegistrySeeder Src { get; }

    public RegistrySeeder Dst { get; }

    public static async Task<RegistryPair> StartAsync()
    {
        var source = await RegistryProcess.StartAsync();
        try
        {
            return new RegistryPair(source, await RegistryProcess.StartAsync());
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Src.Dispose();
        Dst.Dispose();
        await Source.DisposeAsync();
        await Destination.DisposeAsync();
    }
}
