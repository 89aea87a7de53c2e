namespace FluxMirror.Bench.Estate;

/// <summary>One digest in one destination registry: repositories known to hold it, and transfers into a repository under way.</summary>
internal sealed class BlobPresence
{
    public HashSet<string> Repositories { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TaskCompletionSource> InFlight { get; } = new(StringComparer.Ordinal);
}
