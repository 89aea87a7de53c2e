using System.Text.Json.Serialization;

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
public sealed record JobOptions(
    int Concurrency = 4,
    int Retries = 3,
    [property: JsonPropertyName("perJobTimeout")] TimeSpan? TagCopyTimeout = null,
    bool Overwrite = false,
    bool DryRun = false,
    bool Insecure = false)
{
    public TimeSpan Timeout => TagCopyTimeout ?? TimeSpan.FromMinutes(5);

    /// <summary>Backoff before retry <paramref name="attempt"/> (0-based): 200ms·2^attempt, no jitter, as the reference.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
}
