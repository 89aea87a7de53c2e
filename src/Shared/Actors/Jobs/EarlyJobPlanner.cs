using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// A planner that starts planning before the coordinator asks: an embedded run starts the first entries' plans (tag
/// lists) as soon as it has a registry client, so the registries answer while the journal is still recovering instead
/// of after it. The coordinator asks for entries in order as before and gets the plan already under way, each at most
/// once: an entry asked for again (a coordinator restarted after a journal failure) is planned anew, as is an entry
/// nobody started early. Each plan taken starts the next one, so at most <c>lookAhead</c> entries are planned ahead of
/// the coordinator. Early plans the coordinator never asks for (a resumed job had journaled them) are cancelled as soon
/// as it asks for a later entry, or when the run disposes this planner. With a judge, the tags of the first
/// <c>lookAhead</c> plans are judged until the coordinator takes them (<see cref="EarlyTagJudge"/>; taking a plan ends
/// its judging at once): a no-op's HEADs run while the journal recovers, too.
/// </summary>
public sealed class EarlyJobPlanner : IJobPlanner, IDisposable
{
    private readonly IJobPlanner _inner;
    private readonly int _lookAhead;
    private readonly EarlyTagJudge? _judge;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, EarlyPlan> _started = [];
    private int _nextToStart;
    private bool _disposed;

    private EarlyJobPlanner(IJobPlanner inner, int lookAhead, EarlyTagJudge? judge)
    {
        _inner = inner;
        _lookAhead = Math.Max(0, lookAhead);
        _judge = judge;
    }

    public int EntryCount => _inner.EntryCount;

    public EntryRef Describe(int entryIndex) => _inner.Describe(entryIndex);

    /// <summary>Starts planning the first <paramref name="lookAhead"/> entries of <paramref name="inner"/> now; with 0
    /// nothing is planned early and every call goes straight to <paramref name="inner"/>.</summary>
    /// <param name="judge">Judges the first <paramref name="lookAhead"/> plans' tags until each is taken; none when null.</param>
    public static EarlyJobPlanner Start(IJobPlanner inner, int lookAhead, EarlyTagJudge? judge = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var planner = new EarlyJobPlanner(inner, lookAhead, judge);
        lock (planner._gate)
        {
            planner.StartUpTo(planner._lookAhead);
        }

        return planner;
    }

    public Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct)
    {
        EarlyPlan? early;
        lock (_gate)
        {
            // Entries are asked for in order: an earlier one still waiting here was planned from the journal.
            foreach (var skipped in _started.Keys.Where(i => i < entryIndex).ToList())
            {
                _started.Remove(skipped, out var unused);
                unused!.Discard();
            }

            _started.Remove(entryIndex, out early);
            StartUpTo(Math.Max(_nextToStart, entryIndex + 1 + _lookAhead));
        }

        return early is null ? _inner.PlanAsync(entryIndex, ct) : early.TakeAsync(ct);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var plan in _started.Values)
            {
                plan.Discard();
            }

            _started.Clear();
        }
    }

    private void StartUpTo(int end)
    {
        if (_disposed || _lookAhead == 0)
        {
            return;
        }

        for (end = Math.Min(end, _inner.EntryCount); _nextToStart < end; _nextToStart++)
        {
            // Only the first entries are judged: they wait for the journal's recovery; a plan started later is taken
            // as soon as the coordinator has journaled the one before, and judging it would only cost requests.
            var judge = _nextToStart < _lookAhead ? _judge : null;
            if (EarlyPlan.TryStart(_inner, judge, _nextToStart) is { } early)
            {
                _started[_nextToStart] = early;
            }
        }
    }

    /// <summary>One entry's plan under way (and its tags being judged), cancelled by whoever takes it or by a discard.</summary>
    private sealed class EarlyPlan
    {
        private readonly CancellationTokenSource _cancel = new();
        private readonly CancellationTokenSource _taken = new();
        private Task<EntryPlan> _plan = null!;

        /// <summary>The plan under way; null when the planner threw instead of returning a task, so that the
        /// coordinator's own call throws it again, exactly as without early plans.</summary>
        public static EarlyPlan? TryStart(IJobPlanner planner, EarlyTagJudge? judge, int entryIndex)
        {
            var early = new EarlyPlan();
            try
            {
                var plan = planner.PlanAsync(entryIndex, early._cancel.Token);
                early._plan = judge is null ? plan : JudgedAsync(plan, judge, early._taken.Token, early._cancel.Token);
                return early;
            }
            catch (Exception)
            {
                early.DisposeSources();
                return null;
            }
        }

        /// <summary>The plan, cancelled when <paramref name="ct"/> is, as if it had been started with it.</summary>
        public async Task<EntryPlan> TakeAsync(CancellationToken ct)
        {
            try
            {
                _taken.Cancel();
                await using (ct.Register(_cancel.Cancel))
                {
                    return await _plan.ConfigureAwait(false);
                }
            }
            finally
            {
                DisposeSources();
            }
        }

        public void Discard()
        {
            _cancel.Cancel();
            // Observed here, so an abandoned plan's failure is not reported as an unobserved task exception.
            _plan.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ContinueWith(_ => DisposeSources(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private static async Task<EntryPlan> JudgedAsync(Task<EntryPlan> plan, EarlyTagJudge judge, CancellationToken taken, CancellationToken ct) =>
            await judge.JudgeAsync(await plan.ConfigureAwait(false), taken, ct).ConfigureAwait(false);

        private void DisposeSources()
        {
            _cancel.Dispose();
            _taken.Dispose();
        }
    }
}
