using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Actors.TagCopy;

/// <summary>A worker loads a job's runtime once, and lets it go once the job has been idle for a while.</summary>
public sealed class ClusterJobRuntimesTests : IAsyncLifetime
{
    private static readonly TagCopySpec Copy = new(0, 0, EntryKind.Artifact, "1.0.0", "127.0.0.1:9/src", "127.0.0.1:9/dst", "1.0.0", null, false, false);
    private readonly ActorSystem _system = ActorSystem.Create("runtimes-test");
    private int _specRequests;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task A_runtime_is_loaded_once_kept_while_used_and_evicted_when_idle()
    {
        using var runtimes = new ClusterJobRuntimes(Registry(), TimeSpan.FromSeconds(5));

        await RunAttemptAsync(runtimes);
        await RunAttemptAsync(runtimes);
        Assert.Equal(1, Volatile.Read(ref _specRequests));
        Assert.Equal(["job-1"], runtimes.LoadedJobs);

        runtimes.EvictIdle(DateTimeOffset.UtcNow);
        Assert.Equal(["job-1"], runtimes.LoadedJobs);

        runtimes.EvictIdle(DateTimeOffset.UtcNow + ClusterJobRuntimes.IdleFor + TimeSpan.FromSeconds(1));
        Assert.Empty(runtimes.LoadedJobs);

        await RunAttemptAsync(runtimes);
        Assert.Equal(2, Volatile.Read(ref _specRequests));
    }

    // The gate never grants a permit, so the attempt stops at its deadline; loading the runtime is what counts here.
    private static async Task RunAttemptAsync(ClusterJobRuntimes runtimes)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            await runtimes.RunAsync("job-1", Copy, NoBlobLedger.Instance, deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ActorRegistry Registry()
    {
        var config = SyncConfigs.Config(SyncConfigs.Artifact("127.0.0.1:9/src", "127.0.0.1:9/dst"));
        var registry = new ActorRegistry();
        registry.Register<JobManager>(_system.ActorOf(Props.Create(() => new SpecServer(config, () => Interlocked.Increment(ref _specRequests)))));
        registry.Register<HostGate>(_system.ActorOf(Props.Create(() => new SilentGate())));
        return registry;
    }

    private sealed class SpecServer : ReceiveActor
    {
        public SpecServer(string config, Action counted) =>
            Receive<GetJobSpec>(q =>
            {
                counted();
                Sender.Tell(new JobSpec(q.JobId, config, new JobOptions(), NoEnvSubst: true));
            });
    }

    private sealed class SilentGate : ReceiveActor
    {
        public SilentGate() => ReceiveAny(_ => { });
    }
}
