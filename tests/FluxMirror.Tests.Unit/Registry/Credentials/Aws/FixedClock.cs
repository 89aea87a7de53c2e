namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>A clock that reads what the test sets.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
