using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.Nodes;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Coordinator.Output;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Coordinator.Embedded;

/// <summary>What to run: a loaded config, its identity for resuming, the flags, and where state lives.</summary>
/// <param name="StateDirectoryNamed">The user named the state directory (flag or variable): it must be usable.</param>
/// <param name="JobCoordinator">The job coordinator's pacing; the default unless a test shortens it.</param>
/// <param name="JobRetention">How long finished jobs' journals stay in the state directory (FLUX_MIRROR_JOB_RETENTION); 7 days unless set.</param>
public sealed record SyncRequest(MirrorConfig Config, string ConfigDigest, string ConfigSource, JobOptions Options, bool Fresh, string StateDirectory, HostLimits? HostLimits = null, bool StateDirectoryNamed = true, JobCoordinatorSettings? JobCoordinator = null, TimeSpan? JobRetention = null);

/// <summary>
/// Runs a job in this process with the same coordinator, tag-copy and aggregator actors as a cluster. An
/// unfinished job of the same config and flags is resumed from the journal unless <c>--fresh</c>.
/// </summary>
public static class EmbeddedSyncEngine
{
    private static readonly TimeSpan IndexTimeout = TimeSpan.FromSeconds(30);

    public static async Task<SyncReport> RunAsync(SyncRequest request, IMirrorLog log, IJobObserver observer, TextWriter stderr, IProgress<long>? bytes, CancellationToken ct)
    {
        StartupTrace.Mark("CLI + config load");
        var runtimes = new JobRuntimes();
        using var state = StateStore.OpenForSync(request.StateDirectory, request.StateDirectoryNamed, stderr);
        using var host = EmbeddedNode.Build(state.ConnectionString, runtimes, request.HostLimits, request.JobRetention);
        StartupTrace.Mark("state open + host build");
        await host.StartAsync(ct);
        StartupTrace.Mark("host start (actor system)");
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var actors = host.Services.GetRequiredService<ActorRegistry>();
            var index = await actors.GetAsync<JobIndex>(ct);
            using var runtime = new JobRuntime(request.Config, request.Options, log, new ActorHostGate(await actors.GetAsync<HostGate>(ct)), bytes);
            await runtime.Registry.PrepareAsync(ct);
            using var planner = EarlyPlanning.Start(new ConfigJobPlanner(request.Config, request.Options, runtime), runtime, request.Options, log);
            StartupTrace.Mark("actor registry lookups");
            var job = await StartOrResumeAsync(index, request, ct);
            StartupTrace.Mark("job index recovery + lookup");
            runtimes.Register(job.JobId, runtime);
            var done = new TaskCompletionSource<SyncReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            var follower = system.ActorOf(Props.Create(() => new JobFollowerActor(new ResumeAnnouncer(observer, stderr), done)), "follow-" + job.JobId);
            JobActors.Start(system, job.JobId, planner, request.Options, await actors.GetAsync<TagCopyRegion>(ct), follower, settings: request.JobCoordinator);

            var report = await done.Task.WaitAsync(ct);
            StartupTrace.Mark("job run (plan, check, journal)");
            var s = report.Summary;
            await index.Ask<JobClosed>(new JobClosed(job.JobId, DateTimeOffset.UtcNow, s.ExitCode, report.Results.Sum(r => r.Tags.Count), s.Failed), IndexTimeout, ct);
            StartupTrace.Mark("job closed in index");
            await SweepAsync(index, stderr, ct);
            StartupTrace.Mark("expired jobs swept");
            return report;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            StartupTrace.Mark("host stop");
        }
    }

    // A run is a short-lived process: the journals of jobs past the retention are deleted before it stops, not by a
    // timer it may not live to see. A failure costs nothing but the delay: the next run sweeps again.
    private static async Task SweepAsync(IActorRef index, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            await index.Ask<ExpiredJobsSwept>(SweepExpiredJobs.Instance, IndexTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            await stderr.WriteLineAsync($"! deleting the journals of expired jobs took longer than {IndexTimeout.TotalSeconds:0}s; the next run tries again");
        }
    }

    private static async Task<JobSubmitted> StartOrResumeAsync(IActorRef index, SyncRequest request, CancellationToken ct)
    {
        if (!request.Fresh)
        {
            var unfinished = await index.Ask<UnfinishedJob>(new FindUnfinishedJob(request.ConfigDigest), IndexTimeout, ct);
            if (unfinished.Job is { } existing)
            {
                return existing;
            }
        }

        // Told, not asked: the index journals it while the job starts (the first insert is the slow one), and the
        // job itself is durable from its own first event on.
        var submitted = new JobSubmitted(JobIds.New(), request.ConfigDigest, request.ConfigSource, request.Options, request.Config.Artifacts.Count + request.Config.Charts.Count, DateTimeOffset.UtcNow);
        index.Tell(submitted);
        return submitted;
    }
}
