namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>What a <see cref="LoopbackProxy"/> does to one request instead of forwarding it cleanly.</summary>
public enum ProxyFault
{
    None,

    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    TooManyRequests,

    /// <summary>503 with no body.</summary>
    Unavailable,

    /// <summary>The connection is reset halfway through the request body (uploads) or the response body (downloads).</summary>
    ResetMidBody,
}

/// <summary>
/// A deterministic schedule of faults: every Nth request gets one, never the same request (method and path) twice and
/// at most <paramref name="budgetPerKind"/> of each kind, so a client with enough retries always gets through and a
/// test that expects success cannot flake. (Upload sessions have unique paths, so the budget is what bounds them.)
/// </summary>
public sealed class FaultSchedule(int everyTooManyRequests, int everyUnavailable, int everyReset, int budgetPerKind = 2)
{
    private readonly HashSet<string> _faulted = [];
    private readonly Dictionary<ProxyFault, int> _injected = [];
    private readonly Lock _lock = new();
    private int _count;

    public int Injected(ProxyFault fault)
    {
        lock (_lock)
        {
            return _injected.GetValueOrDefault(fault);
        }
    }

    /// <param name="carriesBody">The request sends a body, or its response will carry one (GET).</param>
    public ProxyFault Next(string method, string path, bool carriesBody)
    {
        lock (_lock)
        {
            var n = ++_count;
            var fault = n % everyReset == 0 && carriesBody ? ProxyFault.ResetMidBody
                : n % everyUnavailable == 0 ? ProxyFault.Unavailable
                : n % everyTooManyRequests == 0 ? ProxyFault.TooManyRequests
                : ProxyFault.None;
            if (fault == ProxyFault.None || _injected.GetValueOrDefault(fault) >= budgetPerKind || !_faulted.Add(method + " " + path))
            {
                return ProxyFault.None;
            }

            _injected[fault] = _injected.GetValueOrDefault(fault) + 1;
            return fault;
        }
    }
}
