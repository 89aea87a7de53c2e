namespace FluxMirror.Actors.Jobs;

/// <summary>
/// How many worker nodes can take tag copies now. --concurrency is per worker: a job keeps
/// concurrency × workers tag copies in flight, so adding workers makes a job faster.
/// </summary>
public interface IWorkerCapacity
{
    int Workers { get; }
}

/// <summary>The embedded node: one process is the one worker.</summary>
public sealed class SingleWorker : IWorkerCapacity
{
    public static SingleWorker Instance { get; } = new();

    public int Workers => 1;
}
