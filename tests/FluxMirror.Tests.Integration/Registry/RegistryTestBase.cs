using System.Collections.Concurrent;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Registry;

/// <summary>
/// A fresh anonymous registry per test (cheap to start), more on demand, an empty Docker config so the machine's
/// real one is never read, and the client's verbose log captured for assertions.
/// </summary>
public abstract class RegistryTestBase : IAsyncLifetime
{
    private readonly List<RegistryProcess> _extraRegistries = [];
    private readonly List<RegistryClient> _clients = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected RegistryProcess Registry { get; private set; } = null!;

    protected RegistrySeeder Seeder { get; private set; } = null!;

    protected DockerConfigDir DockerConfig { get; } = new();

    protected ConcurrentQueue<string> LogLines { get; } = new();

    public virtual async ValueTask InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync(ct: Ct);
        Seeder = new RegistrySeeder(Registry);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Seeder.Dispose();
        await Registry.DisposeAsync();
        foreach (var extra in _extraRegistries)
        {
            await extra.DisposeAsync();
        }

        DockerConfig.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<RegistryProcess> StartRegistryAsync(RegistryOptions? options = null)
    {
        var registry = await RegistryProcess.StartAsync(options, Ct);
        _extraRegistries.Add(registry);
        return registry;
    }

    /// <summary>A client with fast retries, the test's Docker config and log capture; adjust with <paramref name="configure"/>.</summary>
    protected RegistryClient CreateClient(Func<RegistryClientOptions, RegistryClientOptions>? configure = null)
    {
        var options = new RegistryClientOptions
        {
            DockerConfigDirectory = DockerConfig.Path,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            Log = LogLines.Enqueue,
        };
        var client = new RegistryClient(configure is null ? options : configure(options));
        _clients.Add(client);
        return client;
    }

    protected RepositoryRef Repo(string repository, RegistryProcess? registry = null) =>
        new((registry ?? Registry).Host, repository);
}
