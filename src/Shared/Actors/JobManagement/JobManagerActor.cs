using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.JobManagement;

/// <summary>
/// The cluster singleton that runs jobs: accepts submissions, journals each running job's spec, and owns
/// the job index plus, per running job, its coordinator, report aggregator and event hub. A new singleton
/// (fail-over, rolling update) recovers the specs of unfinished jobs and restarts their coordinators, which
/// recover from their own journals and run only what had not finished. Follows go through it to the job's hub,
/// within <see cref="FollowerLimits"/>.
/// <para>
/// The server decides: a submission is checked here again whatever the client checked (the options with the
/// CLI's rules, the config with this coordinator's files and environment, the spec's size against what nodes can
/// exchange, the running-jobs cap), and refused with the reason before anything is journaled.
/// </para>
/// <para>
/// A job fails alone: a journaled job that cannot start (its config no longer loads here, its runtime cannot be
/// built, whatever throws while starting it) is closed once as a failed job with its reason, journaled, told to
/// its followers and logged once; it is never retried, and the manager, the index and the other jobs go on.
/// </para>
/// </summary>
public sealed class JobManagerActor : ReceivePersistentActor
{
    public const int DefaultMaxRunningJobs = 16;
    public const string MaxRunningJobsVariable = "FLUX_MIRROR_MAX_RUNNING_JOBS";

    private readonly Dictionary<string, JobSpec> _running = [];
    private readonly Dictionary<string, JobRuntime> _runtimes = [];
    private readonly IActorRef _tagRegion;
    private readonly IActorRef _gate;
    private readonly IActorRef _index;
    private readonly int _maxRunningJobs;
    private readonly JobCoordinatorSettings _coordinatorSettings;
    private readonly SubmittedConfigRules _submittedConfigs;
    private FollowerBook _followers;

    public JobManagerActor(ActorRegistry registry, int maxRunningJobs = DefaultMaxRunningJobs, FollowerLimits? followerLimits = null, JobCoordinatorSettings? coordinatorSettings = null, SubmittedConfigRules? submittedConfigs = null, TimeSpan? jobRetention = null)
    {
        _submittedConfigs = submittedConfigs ?? new SubmittedConfigRules();
        _maxRunningJobs = maxRunningJobs;
        _coordinatorSettings = coordinatorSettings ?? JobCoordinatorSettings.Default;
        _followers = FollowerBook.Empty(followerLimits ?? FollowerLimits.Default);
        _tagRegion = registry.Get<TagCopyRegion>();
        _gate = registry.Get<HostGate>();
        _index = Context.ActorOf(JournalSupervisor.Props(Props.Create(() => new JobIndexActor(jobRetention)), "index"), "job-index");

        Recover<SnapshotOffer>(offer =>
        {
            foreach (var spec in ((JobManagerSnapshot)offer.Snapshot).Running)
            {
                _running[spec.JobId] = spec;
            }
        });
        Recover<JobSpec>(spec => _running[spec.JobId] = spec);
        Recover<JobClosed>(closed => _running.Remove(closed.JobId));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var spec in _running.Values.ToList())
            {
                // Journaled by an earlier coordinator; what it could start may not start here (a ${VAR} this
                // node lacks, a file it cannot read, a config an older version accepted).
                var problem = JobOptionsValidator.FirstError(spec.Options) ?? TryStart(spec, config: null);
                if (problem is not null)
                {
                    StartFailed(spec, problem);
                }
            }
        });

        Command<SubmitJob>(Submit);
        Command<GetJobSpec>(q => Sender.Tell(_running.TryGetValue(q.JobId, out var spec) ? spec : new JobRejected($"job {q.JobId} is not running")));
        Command<FollowJob>(Follow);
        Command<ListJobs>(q => _index.Forward(q));
        Command<CancelJob>(Cancel);
        Command<JobFinished>(Close);
        Command<FailJob>(f => CloseFailed(f.Spec, f.Reason));
        Command<Terminated>(t => _followers = _followers.Remove(t.ActorRef));

        Command<SaveSnapshotSuccess>(ok =>
        {
            // Everything up to the snapshot, finished jobs' specs included, is in it or no longer needed.
            DeleteMessages(ok.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1));
        });
        // The next close snapshots again; meanwhile recovery replays a few more events.
        Command<SaveSnapshotFailure>(f => Context.GetLogger().Warning(f.Cause, "job manager: snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => Context.GetLogger().Warning(f.Cause, "job manager: deleting old events failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Context.GetLogger().Warning(f.Cause, "job manager: deleting old snapshots failed"));

        // The index echoes what it journaled; nothing to do with it here.
        Command<JobSubmitted>(_ => { });
        Command<JobClosed>(_ => { });
    }

    public override string PersistenceId => "job-manager";

    /// <summary>The cap on unfinished jobs from <c>FLUX_MIRROR_MAX_RUNNING_JOBS</c> (a whole number of at least 1), else <see cref="DefaultMaxRunningJobs"/>.</summary>
    public static int MaxRunningJobsFrom(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var text = getEnv(MaxRunningJobsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultMaxRunningJobs;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new ArgumentException($"{MaxRunningJobsVariable} must be a whole number of at least 1, got \"{text}\"");
    }

    protected override void PostStop()
    {
        foreach (var runtime in _runtimes.Values)
        {
            runtime.Dispose();
        }

        base.PostStop();
    }

    private void Submit(SubmitJob submit)
    {
        if (JobOptionsValidator.FirstError(submit.Options) is { } optionsError)
        {
            Sender.Tell(new JobRejected(optionsError));
            return;
        }

        var same = _running.Values.FirstOrDefault(s => s.ConfigDigest == submit.ConfigDigest);
        if (!submit.Fresh && same is not null)
        {
            Sender.Tell(new JobAccepted(same.JobId, Resumed: true));
            return;
        }

        if (_running.Count >= _maxRunningJobs)
        {
            Sender.Tell(new JobRejected(
                $"the cluster already runs {_running.Count} jobs, as many as it may ({MaxRunningJobsVariable}={_maxRunningJobs}); submit again once one has finished",
                Busy: true));
            return;
        }

        MirrorConfig config;
        try
        {
            config = Load(submit.ConfigText, submit.NoEnvSubst);
        }
        catch (Exception ex)
        {
            Sender.Tell(new JobRejected(Reason(ex)));
            return;
        }

        var spec = new JobSpec(JobIds.New(), submit.ConfigText, submit.Options, submit.NoEnvSubst, submit.ConfigDigest, submit.ConfigSource);
        if (RemotingLimit.Problem(Context.System, spec, "job spec") is { } tooLarge)
        {
            Sender.Tell(new JobRejected(tooLarge));
            return;
        }

        Persist(spec, saved =>
        {
            _running[saved.JobId] = saved;
            var entries = config.Artifacts.Count + config.Charts.Count;
            _index.Tell(new JobSubmitted(saved.JobId, saved.ConfigDigest, saved.ConfigSource, saved.Options, entries, DateTimeOffset.UtcNow));
            if (TryStart(saved, config) is { } problem)
            {
                StartFailed(saved, problem);
            }

            Sender.Tell(new JobAccepted(saved.JobId, Resumed: false));
        });
    }

    private void Follow(FollowJob follow)
    {
        var hub = Context.Child(HubName(follow.JobId));
        if (hub.IsNobody())
        {
            Sender.Tell(new JobRejected($"job {follow.JobId} is not running"));
            return;
        }

        if (_followers.Refusal(Sender, follow.JobId) is { } refusal)
        {
            Sender.Tell(new JobRejected(refusal, Busy: true));
            return;
        }

        _followers = _followers.Add(Sender, follow.JobId);
        Context.Watch(Sender);
        hub.Forward(follow);
    }

    // To the job's coordinator (through its journal supervisor, which holds it while the journal is away).
    private void Cancel(CancelJob cancel)
    {
        var job = Context.Child("job-" + cancel.JobId);
        if (!_running.ContainsKey(cancel.JobId) || job.IsNobody())
        {
            Sender.Tell(new JobRejected($"job {cancel.JobId} is not running"));
            return;
        }

        job.Forward(cancel);
    }

    /// <summary>Starts the job's actors; null when they run, else the one-line reason it cannot start (nothing of it is left running).</summary>
    private string? TryStart(JobSpec spec, MirrorConfig? config)
    {
        JobRuntime? runtime = null;
        try
        {
            config ??= Load(spec.ConfigText, spec.NoEnvSubst);
            runtime = new JobRuntime(config, spec.Options, NullMirrorLog.Instance, new ActorHostGate(_gate));
            var planner = new GuardedPlanner(new ConfigJobPlanner(config, spec.Options, runtime));
            var hub = Context.ActorOf(Props.Create(() => new JobEventHub(spec.JobId)), HubName(spec.JobId));
            var aggregator = JobActors.Start(Context, spec.JobId, planner, spec.Options, _tagRegion, hub, new ClusterWorkerCapacity(Akka.Cluster.Cluster.Get(Context.System)), _coordinatorSettings);
            // Before any follow reaches the hub (both go from here to there, in order): late followers catch up from it.
            hub.Tell(new JobEventHub.Attach(aggregator));
            _runtimes[spec.JobId] = runtime;
            return null;
        }
        catch (Exception ex)
        {
            runtime?.Dispose();

            // The hub, if it was created, stays: it tells the followers why the job failed.
            StopChild("report-" + spec.JobId);
            StopChild("job-" + spec.JobId);
            if (ex is not ConfigException)
            {
                Context.GetLogger().Error(ex, "job {JobId}: unexpected failure while starting it", spec.JobId);
            }

            return Reason(ex);
        }
    }

    private static void StopChild(string name)
    {
        if (Context.Child(name) is var child && !child.IsNobody())
        {
            Context.Stop(child);
        }
    }

    // Out of the running set at once (no resume, no slot, no spec for workers) and told to its followers now: a
    // follower stashed during recovery is answered right after it. The close is journaled by the next command
    // (Persist is not for a recovery handler); should that fail, the next recovery finds the job again.
    private void StartFailed(JobSpec spec, string reason)
    {
        _running.Remove(spec.JobId);
        var hub = Context.Child(HubName(spec.JobId));
        if (hub.IsNobody())
        {
            hub = Context.ActorOf(Props.Create(() => new JobEventHub(spec.JobId)), HubName(spec.JobId));
        }

        // The hub keeps it for late followers and echoes it here, where a job no longer running is ignored.
        hub.Tell(JobFinished.Failed(spec.JobId, reason, DateTimeOffset.UtcNow));
        Self.Tell(new FailJob(spec, reason));
    }

    private void CloseFailed(JobSpec spec, string reason)
    {
        var closed = new JobClosed(spec.JobId, DateTimeOffset.UtcNow, ExitCode: 1, TagsTotal: 0, TagsFailed: 0, Error: reason);
        Persist(closed, saved =>
        {
            Context.GetLogger().Error("job {JobId} failed: {Reason}", saved.JobId, reason);
            _index.Tell(saved);
            Snapshot();
        });
    }

    private void Close(JobFinished finished)
    {
        if (!_running.ContainsKey(finished.JobId))
        {
            return; // closed already (a job that failed to start)
        }

        var report = finished.Report;
        var closed = new JobClosed(finished.JobId, DateTimeOffset.UtcNow, report.Summary.ExitCode, report.Results.Sum(r => r.Tags.Count), report.Summary.Failed);
        Persist(closed, saved =>
        {
            _running.Remove(saved.JobId);
            // The aggregator stays while the hub waits for late followers: they catch up from it. The hub stops it.
            _index.Tell(saved);
            if (_runtimes.Remove(saved.JobId, out var runtime))
            {
                runtime.Dispose();
            }

            Snapshot();
        });
    }

    // After every close: the snapshot holds the running specs only (at most the running-jobs cap), and deleting what
    // it covers takes the closed job's spec, its config text, out of the journal, which never grows with history.
    private void Snapshot() => SaveSnapshot(new JobManagerSnapshot([.. _running.Values]));

    // What the CLI would print for the same failure: a config problem as is, anything else by its innermost message.
    private static string Reason(Exception ex) => ex is ConfigException ? ex.Message : ex.GetBaseException().Message.ReplaceLineEndings(" ");

    // Relative paths resolve against the coordinator's working directory; ${VAR} from its environment, within what a
    // submitted config may use (never a node setting; credentials by reference only). Checked like the CLI checks it,
    // with this node's files: what a node cannot run is refused here, not found out later.
    private MirrorConfig Load(string text, bool noEnvSubst) =>
        ConfigLoader.LoadRunnable(ConfigSource.FromStdin(text), new LoadOptions(EnvSubst: !noEnvSubst, Submitted: _submittedConfigs));

    private static string HubName(string jobId) => "events-" + jobId;

    /// <summary>Closes a job that could not start (sent to self: see <see cref="StartFailed"/>).</summary>
    private sealed record FailJob(JobSpec Spec, string Reason);

    /// <summary>Turns a planner's synchronous throw into a failed plan, so it fails the entry instead of restarting the job's coordinator.</summary>
    private sealed class GuardedPlanner(IJobPlanner inner) : IJobPlanner
    {
        public int EntryCount => inner.EntryCount;

        public EntryRef Describe(int entryIndex) => inner.Describe(entryIndex);

        public Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct)
        {
            try
            {
                return inner.PlanAsync(entryIndex, ct);
            }
            catch (Exception ex)
            {
                return Task.FromException<EntryPlan>(ex);
            }
        }
    }
}

public static class JobManagerSingletonRegistration
{
    /// <summary>
    /// The job manager as a cluster singleton on the coordinator role, journaled under a supervisor that restarts it with
    /// backoff while the database is away. Only a coordinator may call this: WithSingleton on a node without the role
    /// never hands over.
    /// </summary>
    public static AkkaConfigurationBuilder AddJobManagerSingleton(this AkkaConfigurationBuilder builder, int maxRunningJobs, JobCoordinatorSettings coordinatorSettings, SubmittedConfigRules submittedConfigs, TimeSpan jobRetention) =>
        builder.WithSingleton<JobManager>(
            ClusterNames.JobManagerSingleton,
            (system, _, _) => JournalSupervisor.Props(Props.Create(() => new JobManagerActor(ActorRegistry.For(system), maxRunningJobs, null, coordinatorSettings, submittedConfigs, jobRetention)), "manager"),
            new ClusterSingletonOptions { Role = ClusterNames.CoordinatorRole },
            createProxyToo: true);
}
