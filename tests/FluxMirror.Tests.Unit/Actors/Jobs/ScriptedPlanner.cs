using System.Collections.Concurrent;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>
/// A planner without registries: entry <c>e</c> has <c>tagsPerEntry[e]</c> tag copies. It records which entries it
/// was asked to plan, and an entry can be held back so a test decides when its plan exists, or made to fail.
/// </summary>
internal sealed class ScriptedPlanner(params int[] tagsPerEntry) : IJobPlanner
{
    private readonly ConcurrentQueue<int> _calls = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<int, (Exception Error, bool Synchronously)> _failures = new();
    private readonly ConcurrentQueue<int> _cancelled = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _cancelledSignals = new();

    public int EntryCount => tagsPerEntry.Length;

    public EntryRef Describe(int entryIndex) => new(entryIndex, EntryKind.Artifact, $"src/entry-{entryIndex}", $"dst/entry-{entryIndex}");

    /// <summary>Shapes each planned copy, e.g. to give it a verification block or a row decided at plan time.</summary>
    public Func<TagCopySpec, TagCopySpec> Shape { get; init; } = copy => copy;

    /// <summary>Entry indexes in the order planning was asked for (a cancelled planning counts).</summary>
    public IReadOnlyList<int> Calls => [.. _calls];

    /// <summary>Entry indexes whose planning ended cancelled while held.</summary>
    public IReadOnlyList<int> Cancelled => [.. _cancelled];

    /// <summary>Completes once the planning of held <paramref name="entry"/> has ended cancelled.</summary>
    public Task WhenCancelled(int entry) => CancelledSignal(entry).Task;

    public void Hold(int entry) => _held[entry] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(int entry) => _held[entry].TrySetResult();

    /// <summary>Planning <paramref name="entry"/> fails with <paramref name="error"/>: in the returned task, or thrown by the call itself.</summary>
    public void Fail(int entry, Exception error, bool synchronously = false) => _failures[entry] = (error, synchronously);

    public Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct)
    {
        _calls.Enqueue(entryIndex);
        if (_failures.TryGetValue(entryIndex, out var failure) && failure.Synchronously)
        {
            throw failure.Error;
        }

        return PlanHeldAsync(entryIndex, ct);
    }

    private async Task<EntryPlan> PlanHeldAsync(int entryIndex, CancellationToken ct)
    {
        if (_held.TryGetValue(entryIndex, out var held))
        {
            try
            {
                await held.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                _cancelled.Enqueue(entryIndex);
                CancelledSignal(entryIndex).TrySetResult();
                throw;
            }
        }

        return _failures.TryGetValue(entryIndex, out var failure) ? throw failure.Error : Plan(entryIndex);
    }

    private TaskCompletionSource CancelledSignal(int entry) =>
        _cancelledSignals.GetOrAdd(entry, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public EntryPlan Plan(int entry) => new(
        new EntryRef(entry, EntryKind.Artifact, $"src.example/e{entry}", $"dst.example/e{entry}"),
        [.. Enumerable.Range(0, tagsPerEntry[entry]).Select(tag => Shape(Copy(entry, tag)))],
        null);

    public static TagCopySpec Copy(int entry, int tag) =>
        new(entry, tag, EntryKind.Artifact, $"1.{tag}.0", $"src.example/e{entry}", $"dst.example/e{entry}", $"1.{tag}.0", null, false, false);
}

/// <summary>A fixed number of worker nodes.</summary>
internal sealed class FixedWorkers(int workers) : IWorkerCapacity
{
    public int Workers => workers;
}
