using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Signatures.Cosign;

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

        if (options.Timeout > MaxTimeout)
        {
            return $"--timeout must be at most {GoDuration.Format(MaxTimeout)}";
        }

        return options.Sigstore is { } trust ? SigstoreError(trust) : null;
    }

    // The CLI refuses these combinations of its --sigstore-* flags; a submission that skips the CLI is refused alike.
    private static string? SigstoreError(SigstoreOptions trust) => trust switch
    {
        { TrustedRootJson: not null, TufUrl: not null } => "--sigstore-trusted-root and --sigstore-tuf-url are mutually exclusive: a trusted root file is used as is, nothing is fetched",
        { TufUrl: not null, TufInitialRoot: null } => "--sigstore-tuf-url needs --sigstore-tuf-root: the repository's initial root.json",
        { TufUrl: null, TufInitialRoot: not null } => "--sigstore-tuf-root applies only with --sigstore-tuf-url",
        { TufUrl: { } url } when url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp => $"invalid argument \"{url}\" for \"--sigstore-tuf-url\": not an http or https URL",
        _ => null,
    };
}
