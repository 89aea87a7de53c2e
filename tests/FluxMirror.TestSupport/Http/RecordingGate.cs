using System.Collections.Concurrent;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.TestSupport.Http;

/// <summary>An unlimited gate that remembers what it was told.</summary>
public sealed class RecordingGate : IHostRequestGate
{
    public ConcurrentQueue<(string Host, TimeSpan RetryAfter)> Throttled { get; } = new();

    public ConcurrentQueue<(string Host, bool Ok)> Outcomes { get; } = new();

    public ValueTask<IDisposable> EnterAsync(string host, CancellationToken ct) => UnlimitedGate.Instance.EnterAsync(host, ct);

    public void ReportThrottled(string host, TimeSpan retryAfter) => Throttled.Enqueue((host, retryAfter));

    public void ReportOutcome(string host, bool ok) => Outcomes.Enqueue((host, ok));
}
