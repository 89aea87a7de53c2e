namespace FluxMirror.Actors.RateLimit;

/// <summary>A gate's state for one host: requests waiting, leased permits and tokens, leases in flight, pause.</summary>
internal sealed class HostGateSlot
{
    public Queue<TaskCompletionSource<IDisposable>> Waiters { get; } = new();

    /// <summary>Leased permits not in use.</summary>
    public int Available { get; set; }

    /// <summary>Permits in use by requests.</summary>
    public int Held { get; set; }

    public int Succeeded { get; set; }

    public int Failed { get; set; }

    public bool LeaseOutstanding { get; set; }

    /// <summary>The limiter said this host is rate-limited: every request also spends a token.</summary>
    public bool Metered { get; set; }

    /// <summary>Leased request tokens not spent yet (metered hosts only).</summary>
    public int Tokens { get; set; }

    public bool TokenLeaseOutstanding { get; set; }

    /// <summary>
    /// The limiter has another gate's lease waiting: unused permits go back now, not after the idle delay, and with
    /// requests queued here the next permit freed goes back (this gate then asks again behind that lease).
    /// </summary>
    public bool SparesWanted { get; set; }

    public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;

    public bool CanStartRequest => Available > 0 && (!Metered || Tokens > 0);

    public bool NeedsTokens => Metered && Tokens == 0 && Waiters.Count > 0;

    /// <summary>Permits still missing for the requests waiting.</summary>
    public int PermitShortfall => Waiters.Count - Available;

    public bool IsIdleWithLeases => Waiters.Count == 0 && (Available > 0 || Tokens > 0);

    public void StartRequest()
    {
        Available--;
        Held++;
        if (Metered)
        {
            Tokens--;
        }
    }

    /// <summary>The waiter was gone (cancelled) after all: the request did not happen, its permit and token are unspent.</summary>
    public void UndoStartRequest()
    {
        Available++;
        Held--;
        if (Metered)
        {
            Tokens++;
        }
    }
}
