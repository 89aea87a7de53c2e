using FluxMirror.Domain.Charts;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Charts;

/// <summary>
/// Planner + mirror wired like a job runtime: a fresh <see cref="HelmRepositories"/> per harness (so every run
/// re-reads the index, as a new sync would), a repositories.yaml path of the test's choosing, and a registry client
/// that never reads the machine's Docker config.
/// </summary>
public sealed class ChartMirrorHarness : IDisposable
{
    private readonly DockerConfigDir _dockerConfig = new();

    public ChartMirrorHarness(string? repositoryConfigPath = null)
    {
        RepositoryConfigPath = repositoryConfigPath ?? Path.Combine(_dockerConfig.Path, "no-such-repositories.yaml");
        Repositories = new HelmRepositories(new HelmRepositoryOptions { RepositoryConfigPath = RepositoryConfigPath });
        Registry = new RegistryClient(new RegistryClientOptions
        {
            DockerConfigDirectory = _dockerConfig.Path,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        Planner = new ChartPlanner(Repositories, Log);
        Mirror = new ChartTagMirror(Registry, Repositories, Log);
    }

    public string RepositoryConfigPath { get; }

    public RecordingMirrorLog Log { get; } = new();

    public HelmRepositories Repositories { get; }

    public RegistryClient Registry { get; }

    public ChartPlanner Planner { get; }

    public ChartTagMirror Mirror { get; }

    public Task<EntryPlan> PlanAsync(ChartEntry entry, JobOptions? options = null) =>
        Planner.PlanAsync(0, entry, options ?? new JobOptions(), TestContext.Current.CancellationToken);

    /// <summary>Plans the entry and runs every tag copy once, in plan order.</summary>
    public async Task<IReadOnlyList<(TagCopySpec Copy, TagAttemptResult Result)>> SyncAsync(ChartEntry entry, JobOptions? options = null)
    {
        var plan = await PlanAsync(entry, options);
        Assert.Null(plan.PlanError);
        var rows = new List<(TagCopySpec, TagAttemptResult)>();
        foreach (var copy in plan.Copies)
        {
            rows.Add((copy, await Mirror.RunAttemptAsync(copy, TestContext.Current.CancellationToken)));
        }

        return rows;
    }

    public void Dispose()
    {
        Repositories.Dispose();
        Registry.Dispose();
        _dockerConfig.Dispose();
    }
}
