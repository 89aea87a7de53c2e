using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Signatures.Cosign;

namespace FluxMirror.Tests.Unit.Domain.Mirroring;

/// <summary>One set of rules for a job's options, used by the CLI for its flags and by the coordinator for every submission.</summary>
public sealed class JobOptionsValidatorTests
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const long Day = TimeSpan.TicksPerDay;

    [Theory]
    [InlineData(4, 3, 300 * Second, null)]
    [InlineData(JobOptionsValidator.MaxConcurrency, int.MaxValue, Day, null)]
    [InlineData(0, 3, 300 * Second, "--concurrency must be greater than 0")]
    [InlineData(-3, 3, 300 * Second, "--concurrency must be greater than 0")]
    [InlineData(int.MaxValue, 3, 300 * Second, "--concurrency must be at most 1024")]
    [InlineData(4, -1, 300 * Second, "--retries must be greater than or equal to 0")]
    [InlineData(4, 3, 0, "--timeout must be greater than 0")]
    [InlineData(4, 3, -Second, "--timeout must be greater than 0")]
    [InlineData(4, 3, Day + 1, "--timeout must be at most 24h0m0s")]
    [InlineData(4, 3, long.MaxValue, "--timeout must be at most 24h0m0s")]
    [InlineData(0, -1, 0, "--concurrency must be greater than 0")]
    public void Options_are_checked_with_the_flags_messages(int concurrency, int retries, long timeoutTicks, string? expected) =>
        Assert.Equal(expected, JobOptionsValidator.FirstError(new JobOptions(concurrency, retries, TimeSpan.FromTicks(timeoutTicks))));

    [Theory]
    [InlineData(true, "https://tuf.example/", false, "--sigstore-trusted-root and --sigstore-tuf-url are mutually exclusive: a trusted root file is used as is, nothing is fetched")]
    [InlineData(false, "https://tuf.example/", false, "--sigstore-tuf-url needs --sigstore-tuf-root: the repository's initial root.json")]
    [InlineData(false, null, true, "--sigstore-tuf-root applies only with --sigstore-tuf-url")]
    [InlineData(false, "ftp://tuf.example/", true, "invalid argument \"ftp://tuf.example/\" for \"--sigstore-tuf-url\": not an http or https URL")]
    [InlineData(true, null, false, null)]
    [InlineData(false, "https://tuf.example/", true, null)]
    public void A_submitted_sigstore_trust_is_checked_like_the_flags(bool trustedRoot, string? tufUrl, bool tufRoot, string? expected)
    {
        var trust = new SigstoreOptions(trustedRoot ? "{}"u8.ToArray() : null, tufUrl is null ? null : new Uri(tufUrl), tufRoot ? "{}"u8.ToArray() : null);

        Assert.Equal(expected, JobOptionsValidator.FirstError(new JobOptions(Sigstore: trust)));
    }
}
