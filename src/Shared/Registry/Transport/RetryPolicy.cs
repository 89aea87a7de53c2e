using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

internal sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxRetryAfter)
{
    public static RetryPolicy From(RegistryClientOptions options) =>
        new(Math.Max(1, options.MaxAttempts), options.RetryBaseDelay, options.MaxRetryAfter);

    /// <summary>Delay after the given (1-based) failed attempt: base, 2·base, 4·base, …</summary>
    public TimeSpan Backoff(int failedAttempt) => BaseDelay * Math.Pow(2, failedAttempt - 1);
}
