using System.Collections.Concurrent;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Mirroring.Blobs;

namespace FluxMirror.Actors.TagCopy;

/// <summary>The jobs this node can run tag attempts for, by job id; tag-copy entities look their job up here.</summary>
public sealed class JobRuntimes : ITagAttemptRunner
{
    private readonly ConcurrentDictionary<string, JobRuntime> _jobs = new();

    public void Register(string jobId, JobRuntime runtime) => _jobs[jobId] = runtime;

    public void Remove(string jobId) => _jobs.TryRemove(jobId, out _);

    public Task<TagAttemptResult> RunAsync(string jobId, TagCopySpec copy, IBlobLedger ledger, CancellationToken ct) =>
        _jobs.TryGetValue(jobId, out var runtime)
            ? runtime.RunAttemptAsync(copy, ledger, ct)
            : Task.FromException<TagAttemptResult>(new MirrorException($"job {jobId} is not known on this node"));
}
