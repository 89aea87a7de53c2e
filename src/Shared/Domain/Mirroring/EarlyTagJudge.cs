using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// Judges the tags of plans made ahead of time while nobody waits for them yet (an embedded run's journal still
/// recovering): a tag that needs no copy (up to date, drifted, a dry run's forecast) gets its row decided in the plan, so
/// the coordinator reports it without running an attempt. It uses the attempt's own HEADs and decision table, so the
/// rows are the attempt's. A plan's first tag is judged alone, then the rest <c>parallelism</c> at a time, until the
/// plan is taken. The first tag of the job that must be copied ends all judging: a job that copies gains nothing from
/// it, and each such judgement costs two HEADs its attempt makes again. A HEAD that fails leaves its tag to the
/// attempt, which retries and reports as usual. One judge per job run.
/// </summary>
public sealed class EarlyTagJudge(ArtifactTagMirror mirror, int parallelism)
{
    private volatile bool _copiesSeen;

    /// <param name="taken">Cancelled when the plan is taken: judgements under way finish, no new one starts.</param>
    /// <param name="ct">Cancels the judgements under way (the plan is discarded or the run stops).</param>
    public async Task<EntryPlan> JudgeAsync(EntryPlan plan, CancellationToken taken, CancellationToken ct)
    {
        if (plan.Failed || plan.Entry.Kind != EntryKind.Artifact || plan.Copies.Count == 0)
        {
            return plan;
        }

        var copies = plan.Copies;
        var rows = new TagResult?[copies.Count];
        var next = -1;

        async Task JudgeNextAsync(bool alone)
        {
            int i;
            while (!taken.IsCancellationRequested && !_copiesSeen && (i = Interlocked.Increment(ref next)) < copies.Count)
            {
                if (!ArtifactTagMirror.CanJudgeEarly(copies[i]))
                {
                    continue;
                }

                try
                {
                    rows[i] = await mirror.JudgeWithoutCopyAsync(copies[i], ct).ConfigureAwait(false);
                    _copiesSeen |= rows[i] is null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Left to the attempt: it makes the same request again, with retries and a reported error.
                }

                if (alone)
                {
                    return;
                }
            }
        }

        await JudgeNextAsync(alone: true).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, parallelism)).Select(_ => JudgeNextAsync(alone: false))).ConfigureAwait(false);
        return rows.All(r => r is null)
            ? plan
            : plan with { Copies = [.. copies.Select((copy, i) => rows[i] is { } row ? copy with { Decided = row } : copy)] };
    }
}
