using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>No limit and no pausing.</summary>
public sealed class UnlimitedGate : IHostRequestGate
{
    public static UnlimitedGate Instance { get; } = new();

    public ValueTask<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IDisposable>(NoPermit.Instance);
    }

    public void ReportThrottled(string host, TimeSpan retryAfter)
    {
    }

    public void ReportOutcome(string host, bool ok)
    {
    }

    private sealed class NoPermit : IDisposable
    {
        public static readonly NoPermit Instance = new();

        public void Dispose()
        {
        }
    }
}
