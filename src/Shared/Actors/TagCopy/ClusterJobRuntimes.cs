using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.TagCopy;

/// <summary>
/// A worker's job runtimes, built on demand: the first attempt of an unknown job asks the job manager for its
/// spec ONCE (concurrent attempts share that ask), loads the config with this node's environment (so
/// <c>${VAR}</c> credentials come from the worker, never over the wire) and caches the runtime for the job.
/// A failed load is not cached: the coordinator's retry asks again. A runtime no attempt has used for
/// <see cref="IdleFor"/> is disposed (its connections and cached tokens go with it); a later attempt of that
/// job loads it again.
/// </summary>
public sealed class ClusterJobRuntimes : ITagAttemptRunner, IDisposable
{
    public static readonly TimeSpan IdleFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, CachedRuntime> _jobs = new();
    private readonly ActorRegistry _registry;
    private readonly TimeSpan _specTimeout;
    private readonly Timer _sweeper;
    private readonly SubmittedConfigRules _submittedConfigs;

    /// <param name="submittedConfigs">What a job's config may refer to in this node's environment; no allow-list unless given.</param>
    public ClusterJobRuntimes(ActorRegistry registry, TimeSpan specTimeout, SubmittedConfigRules? submittedConfigs = null)
    {
        _registry = registry;
        _specTimeout = specTimeout;
        _submittedConfigs = submittedConfigs ?? new SubmittedConfigRules();
        _sweeper = new Timer(_ => EvictIdle(DateTimeOffset.UtcNow), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Jobs with a runtime loaded on this node.</summary>
    public IReadOnlyCollection<string> LoadedJobs => [.. _jobs.Keys];

    public async Task<TagAttemptResult> RunAsync(string jobId, TagCopySpec copy, IBlobLedger ledger, CancellationToken ct)
    {
        var entry = _jobs.GetOrAdd(jobId, id => new CachedRuntime(() => LoadAsync(id)));
        while (!entry.TryEnter())
        {
            // Evicted between lookup and use: drop it and load afresh.
            _jobs.TryRemove(KeyValuePair.Create(jobId, entry));
            entry = _jobs.GetOrAdd(jobId, id => new CachedRuntime(() => LoadAsync(id)));
        }

        try
        {
            var runtime = await GetAsync(jobId, entry, ct).ConfigureAwait(false);
            return await runtime.RunAttemptAsync(copy, ledger, ct).ConfigureAwait(false);
        }
        finally
        {
            entry.Exit(DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Disposes the runtimes of jobs no attempt is using and none has used since <paramref name="now"/> minus <see cref="IdleFor"/>.</summary>
    public void EvictIdle(DateTimeOffset now)
    {
        foreach (var (jobId, entry) in _jobs)
        {
            if (entry.TryEvict(now - IdleFor))
            {
                _jobs.TryRemove(KeyValuePair.Create(jobId, entry));
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var entry in _jobs.Values)
        {
            entry.DisposeRuntime();
        }

        _jobs.Clear();
    }

    private async Task<JobRuntime> GetAsync(string jobId, CachedRuntime entry, CancellationToken ct)
    {
        try
        {
            return await entry.Runtime.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _jobs.TryRemove(KeyValuePair.Create(jobId, entry));
            throw;
        }
    }

    private async Task<JobRuntime> LoadAsync(string jobId)
    {
        var manager = await _registry.GetAsync<JobManager>().ConfigureAwait(false);
        var gate = await _registry.GetAsync<HostGate>().ConfigureAwait(false);
        object answer;
        try
        {
            answer = await manager.Ask<object>(new GetJobSpec(jobId), _specTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new MirrorException($"job {jobId}: the job manager did not answer within {_specTimeout.TotalSeconds:0}s");
        }

        return answer switch
        {
            JobSpec spec => Build(spec, gate, _submittedConfigs),
            JobRejected rejected => throw new MirrorException(rejected.Error),
            _ => throw new MirrorException($"job {jobId}: unexpected answer from the job manager"),
        };
    }

    private static JobRuntime Build(JobSpec spec, IActorRef gate, SubmittedConfigRules submittedConfigs)
    {
        MirrorConfig config;
        try
        {
            config = ConfigLoader.Load(ConfigSource.FromStdin(spec.ConfigText), new LoadOptions(EnvSubst: !spec.NoEnvSubst, Submitted: submittedConfigs));
        }
        catch (ConfigException ex)
        {
            throw new MirrorException($"job {spec.JobId}: {ex.Message}");
        }

        return new JobRuntime(config, spec.Options, NullMirrorLog.Instance, new ActorHostGate(gate));
    }
}
