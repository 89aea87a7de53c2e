namespace FluxMirror.Bench.Credentials;

/// <summary>Simulated time: an hour of requests runs in milliseconds and counts exactly.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
