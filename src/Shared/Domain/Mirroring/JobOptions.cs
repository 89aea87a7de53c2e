using System.Text.Json.Serialization;
using FluxMirror.Domain.Signatures.Cosign;

namespace FluxMirror.Domain.Mirroring;

/// <summary>The sync flags that shape a job (the same for the embedded run and a cluster submission).</summary>
/// <param name="Concurrency">Tag copies in flight at once per worker node.</param>
/// <param name="Retries">Extra attempts per tag copy after the first.</param>
/// <param name="TagCopyTimeout">
/// Budget of one tag copy, all attempts and backoffs included. Journaled and sent as <c>perJobTimeout</c>, the
/// name it had before the glossary said "tag copy".
/// </param>
/// <param name="Overwrite">Forces overwrite on every entry.</param>
/// <param name="DryRun">Reads everything, writes nothing.</param>
/// <param name="Insecure">Plain HTTP and no TLS verification.</param>
/// <param name="Sigstore">Where the trust of <c>verify</c> comes from (the <c>--sigstore-*</c> flags), read by the CLI
/// and sent with the job so the node that plans verifies with the same trust. Null: the public-good Sigstore through
/// TUF. Left out of the wire form when null, so submissions without it read as they did before it existed.</param>
public sealed record JobOptions(
    int Concurrency = JobOptions.DefaultConcurrency,
    int Retries = JobOptions.DefaultRetries,
    [property: JsonPropertyName("perJobTimeout")] TimeSpan? TagCopyTimeout = null,
    bool Overwrite = false,
    bool DryRun = false,
    bool Insecure = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SigstoreOptions? Sigstore = null)
{
    // The defaults the sync flags show in their help and the values a job gets when a flag is absent.
    public const int DefaultConcurrency = 4;
    public const int DefaultRetries = 3;
    public const int DefaultBlobParallelism = 4;

    public static readonly TimeSpan DefaultTagCopyTimeout = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout => TagCopyTimeout ?? DefaultTagCopyTimeout;

    /// <summary>
    /// The part of a job's identity (what a run resumes by) that the options add to the config text: a job verified
    /// against other trust is another job. Options without Sigstore trust give the identity they always had.
    /// </summary>
    [JsonIgnore]
    public string IdentitySuffix =>
        $";overwrite={Overwrite};dry-run={DryRun}" + (Sigstore is { } trust ? $";sigstore={trust.Fingerprint()}" : "");

    /// <summary>
    /// Blob copies in flight inside one tag copy; <see cref="Concurrency"/> counts tag copies, so a worker runs
    /// up to Concurrency × BlobParallelism blob copies. Both levels wait for the same host request budget
    /// (--max-requests-per-host), which is what bounds the requests a registry sees. No flag sets it, so it is
    /// not on the wire: every node uses the default (4, what the reference's blob copier uses by default).
    /// </summary>
    [JsonIgnore]
    public int BlobParallelism { get; init; } = DefaultBlobParallelism;

    /// <summary>
    /// Bound of planning one entry (tag list and selection, or the chart index): the same budget as one tag job. The
    /// reference leaves planning to the process context, which a long-running coordinator never cancels; a registry
    /// that stops answering would hold the whole job. Planning is a handful of requests like a tag job's, so it gets
    /// the same bound rather than a flag of its own.
    /// </summary>
    public TimeSpan PlanningTimeout => Timeout;

    /// <summary>Backoff before retry <paramref name="attempt"/> (0-based): 200ms·2^attempt, no jitter, as the reference.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
}
