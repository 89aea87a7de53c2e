using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// Judges the tags of plans made ahead of time while nobody waits for them yet (an embedded run's journal still
/// recovering): a tag that needs no copy (up to date, drifted, a dry run's forecast) gets its row decided in the plan, so
/// the coordinator reports it without running an attempt. It uses the attempt's own HEADs and decision table, so the
/// rows are the attempt's. A plan's first tag is judged alone, then the rest <c>parallelism</c> at a time, until the
/// plan is taken: then judgements under way are cancelled, so a registry that does not answer never holds a plan back.
/// The first tag of the job that must be copied ends all judging: a job that copies gains nothing from it, and each
/// such judgement costs a destination HEAD its attempt makes again (two HEADs for a drifted tag to overwrite).
/// Whatever is not judged (failed, cancelled, must copy) is left to its attempt, which retries, has the tag timeout
/// and reports as usual. One judge per job run.
/// </summary>
public sealed class EarlyTagJudge(ArtifactTagMirror mirror, int parallelism)
{
    private volatile bool _copiesSeen;

    /// <param name="taken">Cancelled when the plan is taken: judging ends and the plan is returned with the rows decided so far.</param>
    /// <param name="ct">Cancels judging and the plan (it is discarded or the run stops).</param>
    public async Task<EntryPlan> JudgeAsync(EntryPlan plan, CancellationToken taken, CancellationToken ct)
    {
        if (plan.Failed || plan.Entry.Kind != EntryKind.Artifact || plan.Copies.Count == 0)
        {
            return plan;
        }

        using var judging = CancellationTokenSource.CreateLinkedTokenSource(taken, ct);
        var rows = await JudgeTagsAsync(plan.Copies, judging.Token).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return rows.All(r => r is null)
            ? plan
            : plan with { Copies = [.. plan.Copies.Select((copy, i) => rows[i] is { } row ? copy with { Decided = row } : copy)] };
    }

    /// <summary>The rows decided, by plan position; null where the attempt decides (not judged, must copy, failed, cancelled).</summary>
    private async Task<TagResult?[]> JudgeTagsAsync(IReadOnlyList<TagCopySpec> copies, CancellationToken ct)
    {
        var rows = new TagResult?[copies.Count];
        var next = -1;

        async Task JudgeNextAsync(bool alone)
        {
            int i;
            while (!ct.IsCancellationRequested && !_copiesSeen && (i = Interlocked.Increment(ref next)) < copies.Count)
            {
                if (!ArtifactTagMirror.CanJudgeEarly(copies[i]))
                {
                    continue;
                }

                try
                {
                    rows[i] = await mirror.JudgeWithoutCopyAsync(copies[i], ct).ConfigureAwait(false);
                    if (rows[i] is null)
                    {
                        _copiesSeen = true; // this tag must be copied: the job is not a no-op
                    }
                }
                catch (Exception)
                {
                    // Failed, timed out or cut short by the take: left to the attempt, which makes the same requests
                    // again with retries, its timeout and a reported error. (A discard is rethrown by the caller.)
                }

                if (alone)
                {
                    return;
                }
            }
        }

        await JudgeNextAsync(alone: true).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, parallelism)).Select(_ => JudgeNextAsync(alone: false))).ConfigureAwait(false);
        return rows;
    }
}
