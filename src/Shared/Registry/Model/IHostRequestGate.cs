namespace FluxMirror.Registry.Model;

/// <summary>
/// Admission control per registry host, shared by every request of a process (or, actor-backed, of a cluster).
/// </summary>
public interface IHostRequestGate
{
    /// <summary>Waits for a permit to send one HTTP request to <paramref name="host"/>; dispose it when the response headers arrived.</summary>
    ValueTask<IDisposable> EnterAsync(string host, CancellationToken ct);

    /// <summary>The host answered 429/503 with Retry-After: pause it for every caller until then.</summary>
    void ReportThrottled(string host, TimeSpan retryAfter);

    /// <summary>Outcome of one request (false for 429 and 5xx), for gates that adapt.</summary>
    void ReportOutcome(string host, bool ok);
}
