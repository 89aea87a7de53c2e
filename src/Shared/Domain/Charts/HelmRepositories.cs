namespace FluxMirror.Domain.Charts;

/// <summary>
/// The HTTP Helm repositories of one job: one client per repository URL (its repositories.yaml credentials and TLS
/// applied), each index fetched once and shared by the planner and every version's tag copy. Dispose with the job.
/// </summary>
public sealed class HelmRepositories(HelmRepositoryOptions options) : IDisposable
{
    private readonly SharedLoads<string, HelmRepositoryClient> _clients = new();

    public HelmRepositoryOptions Options { get; } = options;

    /// <exception cref="HelmException">When repositories.yaml or the TLS material of the matching entry cannot be loaded.</exception>
    public Task<HelmRepositoryClient> GetAsync(string repositoryUrl, CancellationToken ct) =>
        _clients.GetAsync(repositoryUrl, CreateAsync, ct);

    public void Dispose()
    {
        _clients.Dispose();
        foreach (var client in _clients.Loaded())
        {
            client.Dispose();
        }
    }

    private async Task<HelmRepositoryClient> CreateAsync(string repositoryUrl, CancellationToken ct)
    {
        var repository = HelmUrls.Resolve(repositoryUrl, string.Empty);
        var entry = await HelmRepositoryConfig.FindAsync(Options.RepositoryConfigPath, repositoryUrl, ct).ConfigureAwait(false);
        var handler = await HelmTlsHandlerFactory.CreateAsync(entry, ct).ConfigureAwait(false);
        return new HelmRepositoryClient(repositoryUrl, new HelmHttpFetcher(handler, repository, entry, Options), Options);
    }
}
