using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using FluxMirror.Actors.BlobLedger;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.TagCopy;

/// <summary>
/// One tag copy. Runs each attempt off the actor thread (PipeTo), cancels it when the tag copy's budget runs out,
/// answers duplicates of an attempt it already ran from memory, and passivates once idle (its parent is a
/// shard or the local router; both understand <see cref="Passivate"/>).
/// </summary>
public sealed class TagCopyActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(30);
    private readonly ITagAttemptRunner _runner;
    private readonly string _worker;
    private readonly Dictionary<int, object> _answered = [];
    private CancellationTokenSource? _running;
    private int _runningAttempt = -1;
    private IActorRef _replyTo = ActorRefs.Nobody;

    // Null on a node without ledgers (tests that host tag copies alone): copies then check every blob themselves.
    private readonly IActorRef? _ledgerClient;

    public TagCopyActor(ITagAttemptRunner runner, string worker)
    {
        _runner = runner;
        _worker = worker;
        _ledgerClient = ActorRegistry.For(Context.System).TryGet<BlobLedgerClient>(out var client) ? client : null;
        Receive<RunTagAttempt>(Start);
        Receive<AttemptOutcome>(Finish);
        Receive<IdleCheck>(_ => StopWhenIdle());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("idle", IdleCheck.Instance, IdleAfter);

    protected override void PostStop()
    {
        _running?.Cancel();
        _running?.Dispose();
    }

    private void Start(RunTagAttempt msg)
    {
        if (_answered.TryGetValue(msg.Attempt, out var answer))
        {
            Sender.Tell(answer);
            return;
        }

        if (msg.Attempt == _runningAttempt)
        {
            _replyTo = Sender; // a re-delivery: answer whoever asked last
            return;
        }

        _running?.Cancel();
        _running = new CancellationTokenSource(msg.Budget);
        _runningAttempt = msg.Attempt;
        _replyTo = Sender;
        var token = _running.Token;
        IBlobLedger ledger = _ledgerClient is null ? NoBlobLedger.Instance : new ActorBlobLedger(_ledgerClient, msg.JobId);
        _runner.RunAsync(msg.JobId, msg.Copy, ledger, token).PipeTo(
            Self,
            success: result => new AttemptOutcome(msg, result, null, false),
            failure: ex => new AttemptOutcome(msg, null, ex, token.IsCancellationRequested));
    }

    private void Finish(AttemptOutcome outcome)
    {
        var msg = outcome.Request;
        if (msg.Attempt != _runningAttempt)
        {
            return; // superseded by a newer attempt
        }

        object reply = outcome.Result is { } result
            ? new TagAttemptSucceeded(msg.JobId, msg.Copy.EntryIndex, msg.Copy.TagIndex, msg.Attempt, result, _worker)
            : new TagAttemptFailed(msg.JobId, msg.Copy.EntryIndex, msg.Copy.TagIndex, msg.Attempt, Describe(outcome), outcome.TimedOut, _worker, Cause(outcome) is MirrorException { Partial: { } partial } ? partial : null);
        if (outcome.Error is not null && outcome.Error is not MirrorException && !outcome.TimedOut)
        {
            Context.GetLogger().Warning(outcome.Error, "job {JobId}: attempt {Attempt} of tag {Tag} ({Source}) failed unexpectedly", msg.JobId, msg.Attempt, msg.Copy.Tag, msg.Copy.SourceRef);
        }

        _answered[msg.Attempt] = reply;
        _runningAttempt = -1;
        _running?.Dispose();
        _running = null;
        _replyTo.Tell(reply);
    }

    private static string Describe(AttemptOutcome outcome) =>
        outcome.TimedOut ? "context deadline exceeded" : Cause(outcome).Message;

    private static Exception Cause(AttemptOutcome outcome) =>
        outcome.Error is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerException! : outcome.Error!;

    private void StopWhenIdle()
    {
        if (_running is null)
        {
            // The shard (or the local router, which understands the same message) stops us with the given message.
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    private sealed record AttemptOutcome(RunTagAttempt Request, TagAttemptResult? Result, Exception? Error, bool TimedOut);

    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }
}

public static class TagCopyShardsRegistration
{
    /// <summary>How long a worker waits for the job manager's answer to <c>GetJobSpec</c>.</summary>
    public static readonly TimeSpan SpecTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tag-copy entities on the worker role. Each worker builds a job's runtime from the spec it asks the job manager for.
    /// <para>
    /// Entities are not remembered. A remembered entity comes back on another worker without the attempt it was
    /// running (an entity restarts empty), so the job coordinator's redelivery (<c>JobCoordinatorSettings.RedeliverEvery</c>)
    /// is what restarts a copy lost with its node, remembered or not; remembering only cost two journal rows per tag
    /// (entity started, entity stopped), a third of a large job's journal.
    /// </para>
    /// </summary>
    public static AkkaConfigurationBuilder AddTagCopyShards(this AkkaConfigurationBuilder builder, SubmittedConfigRules submittedConfigs) =>
        builder.WithShardRegion<TagCopyRegion>(
            ClusterNames.TagCopyRegion,
            (system, _, _) =>
            {
                var runner = new ClusterJobRuntimes(ActorRegistry.For(system), SpecTimeout, submittedConfigs);
                var worker = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
                return _ => Props.Create(() => new TagCopyActor(runner, worker));
            },
            new TagCopyMessageExtractor(),
            new ShardOptions
            {
                Role = ClusterNames.WorkerRole,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
            });
}
