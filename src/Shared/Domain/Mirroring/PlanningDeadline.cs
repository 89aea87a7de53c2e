using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// The deadline of planning one entry (<see cref="JobOptions.PlanningTimeout"/>). When it runs out the entry fails to
/// plan like any other planning error (a failed entry, <c>plan failed: …</c>) and the job goes on with the next one;
/// when the job itself is stopped, the cancellation stays a cancellation.
/// </summary>
internal sealed class PlanningDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationToken _job;
    private readonly TimeSpan _bound;

    public PlanningDeadline(TimeSpan bound, CancellationToken job)
    {
        _bound = bound;
        _job = job;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(job);
        _deadline.CancelAfter(bound);
    }

    public CancellationToken Token => _deadline.Token;

    /// <summary>The error of the entry's plan when it ran out; Go's wording, and which bound it was.</summary>
    public string Message => $"context deadline exceeded (planning took longer than --timeout {GoDuration.Format(_bound)})";

    /// <summary>True when <paramref name="failure"/> is this deadline running out, not the job being stopped.</summary>
    public bool RanOut(Exception failure) =>
        failure is OperationCanceledException && _deadline.IsCancellationRequested && !_job.IsCancellationRequested;

    public void Dispose() => _deadline.Dispose();
}
