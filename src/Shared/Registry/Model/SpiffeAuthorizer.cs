namespace FluxMirror.Registry.Model;

/// <summary>
/// Which peer SPIFFE IDs a TLS connection accepts, after the peer chain verified against the bundle: one exact ID,
/// any member of a trust domain (or of the workload's own, <see cref="OwnTrustDomain"/>), or any ID. Rejections read
/// like go-spiffe's (<c>unexpected ID "…"</c>, <c>unexpected trust domain "…"</c>).
/// </summary>
public sealed record SpiffeAuthorizer
{
    private SpiffeAuthorizer(SpiffeAuthorizerKind kind, string? value)
    {
        Kind = kind;
        Value = value;
    }

    public SpiffeAuthorizerKind Kind { get; }

    /// <summary>The ID or trust domain name; null for <see cref="SpiffeAuthorizerKind.Any"/> and the own trust domain.</summary>
    public string? Value { get; }

    public static SpiffeAuthorizer Any { get; } = new(SpiffeAuthorizerKind.Any, null);

    public static SpiffeAuthorizer OwnTrustDomain { get; } = new(SpiffeAuthorizerKind.OwnTrustDomain, null);

    public static SpiffeAuthorizer Id(string spiffeId) => new(SpiffeAuthorizerKind.Id, spiffeId);

    /// <summary>A trust domain name, or an ID whose trust domain is taken.</summary>
    public static SpiffeAuthorizer MemberOf(string trustDomain) =>
        new(SpiffeAuthorizerKind.MemberOf, trustDomain.Contains(":/", StringComparison.Ordinal) ? TrustDomainOf(trustDomain) : trustDomain);

    /// <summary>Null when <paramref name="peerId"/> is authorized, else the reason; <paramref name="ownId"/> is the workload's SVID ID.</summary>
    public string? Reject(string peerId, string ownId) => Kind switch
    {
        SpiffeAuthorizerKind.Any => null,
        SpiffeAuthorizerKind.Id => string.Equals(peerId, Value, StringComparison.Ordinal) ? null : $"unexpected ID {GoQuote.Quote(peerId)}",
        _ => string.Equals(TrustDomainOf(peerId), Kind == SpiffeAuthorizerKind.MemberOf ? Value : TrustDomainOf(ownId), StringComparison.Ordinal)
            ? null
            : $"unexpected trust domain {GoQuote.Quote(TrustDomainOf(peerId))}",
    };

    public override string ToString() => Kind switch
    {
        SpiffeAuthorizerKind.Any => "any SPIFFE ID",
        SpiffeAuthorizerKind.OwnTrustDomain => "own trust domain",
        SpiffeAuthorizerKind.Id => "SPIFFE ID " + Value,
        _ => "trust domain " + Value,
    };

    /// <summary>The trust domain name of a SPIFFE ID (<c>spiffe://example.org/x</c> ⇒ <c>example.org</c>).</summary>
    public static string TrustDomainOf(string spiffeId)
    {
        const string scheme = "spiffe://";
        var rest = spiffeId.StartsWith(scheme, StringComparison.Ordinal) ? spiffeId[scheme.Length..] : spiffeId;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }
}
