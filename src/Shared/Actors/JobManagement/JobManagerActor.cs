using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.JobManagement;

/// <summary>
/// The cluster singleton that runs jobs: accepts submissions, journals each running job's spec, and owns
/// the job index plus, per running job, its coordinator, report aggregator and event hub. A new singleton
/// (fail-over, rolling update) recovers the specs of unfinished jobs and restarts their coordinators, which
/// recover from their own journals and run only what had not finished.
/// </summary>
public sealed class JobManagerActor : ReceivePersistentActor
{
    private readonly Dictionary<string, JobSpec> _running = [];
    private readonly Dictionary<string, JobRuntime> _runtimes = [];
    private readonly IActorRef _tagRegion;
    private readonly IActorRef _gate;
    private readonly IActorRef _index;
    private readonly JobCoordinatorSettings _coordinatorSettings;

    public JobManagerActor(ActorRegistry registry, JobCoordinatorSettings coordinatorSettings)
    {
        _coordinatorSettings = coordinatorSettings;
        _tagRegion = registry.Get<TagCopyRegion>();
        _gate = registry.Get<HostGate>();
        _index = Context.ActorOf(JournalSupervisor.Props(Props.Create(() => new JobIndexActor()), "index"), "job-index");

        Recover<JobSpec>(spec => _running[spec.JobId] = spec);
        Recover<JobClosed>(closed => _running.Remove(closed.JobId));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var spec in _running.Values.ToList())
            {
                StartJob(spec, config: null);
            }
        });

        Command<SubmitJob>(Submit);
        Command<GetJobSpec>(q => Sender.Tell(_running.TryGetValue(q.JobId, out var spec) ? spec : new JobRejected($"job {q.JobId} is not running")));
        Command<FollowJob>(Follow);
        Command<ListJobs>(q => _index.Forward(q));
        Command<JobFinished>(Close);

        // The index echoes what it journaled; nothing to do with it here.
        Command<JobSubmitted>(_ => { });
        Command<JobClosed>(_ => { });
    }

    public override string PersistenceId => "job-manager";

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
        var same = _running.Values.FirstOrDefault(s => s.ConfigDigest == submit.ConfigDigest);
        if (!submit.Fresh && same is not null)
        {
            Sender.Tell(new JobAccepted(same.JobId, Resumed: true));
            return;
        }

        MirrorConfig config;
        try
        {
            config = Load(submit.ConfigText, submit.NoEnvSubst);
        }
        catch (ConfigException ex)
        {
            Sender.Tell(new JobRejected(ex.Message));
            return;
        }

        var spec = new JobSpec(JobIds.New(), submit.ConfigText, submit.Options, submit.NoEnvSubst, submit.ConfigDigest, submit.ConfigSource);
        Persist(spec, saved =>
        {
            _running[saved.JobId] = saved;
            var entries = config.Artifacts.Count + config.Charts.Count;
            _index.Tell(new JobSubmitted(saved.JobId, saved.ConfigDigest, saved.ConfigSource, saved.Options, entries, DateTimeOffset.UtcNow));
            StartJob(saved, config);
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

        hub.Forward(follow);
    }

    private void StartJob(JobSpec spec, MirrorConfig? config)
    {
        try
        {
            config ??= Load(spec.ConfigText, spec.NoEnvSubst);
        }
        catch (ConfigException ex)
        {
            // The coordinator's environment changed since the job started (a variable is gone): it stays
            // unfinished in the journal and resumes once a coordinator can load it again.
            Context.GetLogger().Error("job {0} cannot resume: {1}", spec.JobId, ex.Message);
            return;
        }

        var runtime = new JobRuntime(config, spec.Options, NullMirrorLog.Instance, new ActorHostGate(_gate));
        _runtimes[spec.JobId] = runtime;
        var planner = new ConfigJobPlanner(config, spec.Options, runtime);
        var hub = Context.ActorOf(Props.Create(() => new JobEventHub()), HubName(spec.JobId));
        JobActors.Start(Context, spec.JobId, planner, spec.Options, _tagRegion, hub, new ClusterWorkerCapacity(Akka.Cluster.Cluster.Get(Context.System)), _coordinatorSettings);
    }

    private void Close(JobFinished finished)
    {
        var report = finished.Report;
        var closed = new JobClosed(finished.JobId, DateTimeOffset.UtcNow, report.Summary.ExitCode, report.Results.Sum(r => r.Tags.Count), report.Summary.Failed);
        Persist(closed, saved =>
        {
            _running.Remove(saved.JobId);
            _index.Tell(saved);
            Context.Stop(Context.Child("report-" + saved.JobId));
            if (_runtimes.Remove(saved.JobId, out var runtime))
            {
                runtime.Dispose();
            }
        });
    }

    // Relative paths resolve against the coordinator's working directory; ${VAR} from its environment.
    private static MirrorConfig Load(string text, bool noEnvSubst) =>
        ConfigLoader.Load(ConfigSource.FromStdin(text), new LoadOptions(EnvSubst: !noEnvSubst));

    private static string HubName(string jobId) => "events-" + jobId;
}
