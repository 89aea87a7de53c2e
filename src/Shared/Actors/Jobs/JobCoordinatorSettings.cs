namespace FluxMirror.Actors.Jobs;

/// <summary>How a job coordinator paces itself; production uses <see cref="Default"/>, tests shorten it.</summary>
/// <param name="RedeliverEvery">
/// Delivery to shard entities is at most once (hand-off, a node that died): an unanswered attempt is sent again at
/// this interval. The entity answers a duplicate from memory or keeps running it, and a fresh entity on another
/// node starts it, so a lost worker costs one interval, not the whole budget.
/// </param>
public sealed record JobCoordinatorSettings(TimeSpan RedeliverEvery)
{
    public static JobCoordinatorSettings Default { get; } = new(TimeSpan.FromSeconds(5));
}
