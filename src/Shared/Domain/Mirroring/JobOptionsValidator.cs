using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// The rules of a job's options, with the sync flags' messages: the CLI checks its flags with them and the
/// coordinator checks every submitted job again, so a client that skips the CLI cannot start a job that never
/// ends (no slot to run a tag in, a slot count or deadline that overflows).
/// </summary>
public static class JobOptionsValidator
{
    /// <summary>Tag jobs in flight per worker node; far above what a registry takes, low enough that slots × workers never overflows.</summary>
    public const int MaxConcurrency = 1024;

    /// <summary>One tag job's budget; a deadline or a cancellation timer beyond it cannot be scheduled everywhere.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    /// <summary>The first problem, as the CLI prints it after <c>✗</c>, or null.</summary>
    public static string? FirstError(JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Concurrency <= 0)
        {
            return "--concurrency must be greater than 0";
        }

        if (options.Concurrency > MaxConcurrency)
        {
            return $"--concurrency must be at most {MaxConcurrency}";
        }

        if (options.Retries < 0)
        {
            return "--retries must be greater than or equal to 0";
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            return "--timeout must be greater than 0";
        }

        return options.Timeout > MaxTimeout ? $"--timeout must be at most {GoDuration.Format(MaxTimeout)}" : null;
    }
}
