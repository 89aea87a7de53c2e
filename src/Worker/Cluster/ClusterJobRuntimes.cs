using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Shared.Config;
using FluxMirror.Shared.Mirroring;
using FluxMirror.Shared.Protocol;
using FluxMirror.Shared.Reporting;
using FluxMirror.Worker.RateLimit;
using FluxMirror.Worker.TagCopy;

namespace FluxMirror.Worker.Cluster;

/// <summary>
/// A worker's job runtimes, built on demand: the first attempt of an unknown job asks the job manager for its
/// spec ONCE (concurrent attempts share that ask), loads the config with this node's environment (so
/// <c>${VAR}</c> credentials come from the worker, never over the wire) and caches the runtime for the job.
/// A failed load is not cached: the coordinator's retry asks again.
/// </summary>
public sealed class ClusterJobRuntimes(ActorRegistry registry, TimeSpan specTimeout) : ITagAttemptRunner, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<JobRuntime>>> _jobs = new();

    public async Task<TagAttemptResult> RunAsync(string jobId, TagJob job, CancellationToken ct)
    {
        var runtime = await GetAsync(jobId, ct).ConfigureAwait(false);
        return await runtime.RunAttemptAsync(job, ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var job in _jobs.Values.Where(j => j.IsValueCreated && j.Value.IsCompletedSuccessfully))
        {
            job.Value.Result.Dispose();
        }

        _jobs.Clear();
    }

    private async Task<JobRuntime> GetAsync(string jobId, CancellationToken ct)
    {
        var entry = _jobs.GetOrAdd(jobId, id => new Lazy<Task<JobRuntime>>(() => LoadAsync(id)));
        try
        {
            return await entry.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _jobs.TryRemove(KeyValuePair.Create(jobId, entry));
            throw;
        }
    }

    private async Task<JobRuntime> LoadAsync(string jobId)
    {
        var manager = await registry.GetAsync<JobManager>().ConfigureAwait(false);
        var gate = await registry.GetAsync<HostGate>().ConfigureAwait(false);
        object answer;
        try
        {
            answer = await manager.Ask<object>(new GetJobSpec(jobId), specTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new MirrorException($"job {jobId}: the job manager did not answer within {specTimeout.TotalSeconds:0}s");
        }

        return answer switch
        {
            JobSpec spec => Build(spec, gate),
            JobRejected rejected => throw new MirrorException(rejected.Error),
            _ => throw new MirrorException($"job {jobId}: unexpected answer from the job manager"),
        };
    }

    private static JobRuntime Build(JobSpec spec, IActorRef gate)
    {
        MirrorConfig config;
        try
        {
            config = ConfigLoader.Load(ConfigSource.FromStdin(spec.ConfigText), new LoadOptions(EnvSubst: !spec.NoEnvSubst));
        }
        catch (ConfigException ex)
        {
            throw new MirrorException($"job {spec.JobId}: {ex.Message}");
        }

        return new JobRuntime(config, spec.Options, NullMirrorLog.Instance, new ActorHostGate(gate));
    }
}
