using System.Collections.Immutable;

namespace FluxMirror.Actors.RateLimit;

/// <summary>One gate's unmet demand for request tokens.</summary>
public sealed record TokenDemand<TGate>(TGate Gate, int Count);

/// <summary>Tokens handed to one gate.</summary>
public sealed record TokenGrant<TGate>(TGate Gate, int Count);

/// <summary>
/// Shares a host's <see cref="TokenBucket"/> among the gates asking for tokens: first come first served, at
/// most one batch per turn, so a gate that needs many waits behind the others instead of starving them.
/// A gate is queued once; asking again while queued only updates how many it wants. Immutable.
/// </summary>
public sealed record TokenDispenser<TGate>(TokenBucket Bucket, ImmutableList<TokenDemand<TGate>> Waiting)
    where TGate : notnull
{
    public TokenDispenser<TGate> Request(TGate gate, int count)
    {
        var demand = new TokenDemand<TGate>(gate, Math.Max(1, count));
        var index = Waiting.FindIndex(d => EqualityComparer<TGate>.Default.Equals(d.Gate, gate));
        return this with { Waiting = index >= 0 ? Waiting.SetItem(index, demand) : Waiting.Add(demand) };
    }

    public TokenDispenser<TGate> Return(int count, DateTimeOffset now) => this with { Bucket = Bucket.Return(count, now) };

    public TokenDispenser<TGate> Forget(TGate gate) => this with { Waiting = Waiting.RemoveAll(d => EqualityComparer<TGate>.Default.Equals(d.Gate, gate)) };

    /// <summary>
    /// Grants what the bucket holds now, in queue order. <c>NextIn</c> is when the first gate still waiting
    /// can have its batch (null when no one waits): the caller sets a timer for then.
    /// </summary>
    public (TokenDispenser<TGate> Next, IReadOnlyList<TokenGrant<TGate>> Grants, TimeSpan? NextIn) Dispense(DateTimeOffset now)
    {
        var bucket = Bucket;
        var waiting = Waiting;
        var grants = new List<TokenGrant<TGate>>();
        while (!waiting.IsEmpty)
        {
            var head = waiting[0];
            var (taken, granted) = bucket.Take(Math.Min(head.Count, bucket.BatchSize), now);
            if (granted == 0)
            {
                break;
            }

            bucket = taken;
            waiting = waiting.RemoveAt(0);
            grants.Add(new TokenGrant<TGate>(head.Gate, granted));
        }

        TimeSpan? nextIn = waiting.IsEmpty ? null : bucket.TimeUntil(Math.Min(waiting[0].Count, bucket.BatchSize), now);
        return (new TokenDispenser<TGate>(bucket, waiting), grants, nextIn);
    }
}

/// <summary>Starts a dispenser with a full bucket.</summary>
public static class TokenDispenser
{
    public static TokenDispenser<TGate> Create<TGate>(double ratePerSecond, DateTimeOffset now)
        where TGate : notnull => new(TokenBucket.Full(ratePerSecond, now), []);
}
