using FluxMirror.Domain.Charts;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Selection;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Domain.Mirroring;

/// <summary>
/// Planning an entry is bounded by --timeout: a registry or chart repository that never answers fails that entry's
/// plan, with the reference's plan-failure shape, instead of holding the job. A stopped job stays a cancellation.
/// </summary>
public sealed class PlanningDeadlineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly JobOptions OneSecond = new(TagCopyTimeout: TimeSpan.FromSeconds(1));
    private readonly DockerConfigDir _dockerConfig = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dockerConfig.Dispose();

    [Fact]
    public async Task A_registry_that_never_answers_fails_the_artifact_plan_at_the_deadline()
    {
        await using var silent = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        using var registry = Registry();
        var entry = new ArtifactEntry($"{silent.Host}/team/app", "registry.example/mirror/app", new SelectorSpec());

        var plan = await new ArtifactPlanner(registry, NullMirrorLog.Instance).PlanAsync(0, entry, OneSecond, Ct).WaitAsync(Patience, Ct);

        Assert.Equal($"list tags {silent.Host}/team/app: context deadline exceeded (planning took longer than --timeout 1s)", plan.PlanError);
        Assert.Empty(plan.Copies);
        Assert.Equal(entry.Source, plan.Entry.Label);
    }

    [Fact]
    public async Task A_chart_repository_that_never_answers_fails_the_chart_plan_at_the_deadline()
    {
        await using var silent = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        using var repositories = new HelmRepositories(new HelmRepositoryOptions { RepositoryConfigPath = Path.Combine(_dockerConfig.Path, "repositories.yaml") });
        var entry = new ChartEntry("app", $"http://{silent.Host}/charts", "oci://registry.example/charts/");

        var plan = await new ChartPlanner(repositories, NullMirrorLog.Instance).PlanAsync(0, entry, OneSecond, Ct).WaitAsync(Patience, Ct);

        Assert.Equal($"load index http://{silent.Host}/charts: context deadline exceeded (planning took longer than --timeout 1s)", plan.PlanError);
        Assert.Empty(plan.Copies);
    }

    [Fact]
    public async Task A_stopped_job_is_a_cancellation_not_a_plan_failure()
    {
        await using var silent = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        using var registry = Registry();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromMilliseconds(300));
        var entry = new ArtifactEntry($"{silent.Host}/team/app", "registry.example/mirror/app", new SelectorSpec());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ArtifactPlanner(registry, NullMirrorLog.Instance).PlanAsync(0, entry, new JobOptions(), stop.Token).WaitAsync(Patience, Ct));
    }

    private RegistryClient Registry() => new(new RegistryClientOptions { DockerConfigDirectory = _dockerConfig.Path });
}
