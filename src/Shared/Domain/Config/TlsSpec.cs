namespace FluxMirror.Domain.Config;

/// <summary>Transport TLS of a host; at least one half is set.</summary>
public sealed record TlsSpec(ServerAuthSpec? ServerAuth = null, ClientAuthSpec? ClientAuth = null);

/// <summary>How the registry's server certificate is verified: a CA bundle (file or inline) or SPIFFE.</summary>
public sealed record ServerAuthSpec(string? FromPath = null, string? Value = null, SpiffeServerAuthSpec? Spiffe = null);

/// <summary>SPIFFE server authorization: exactly one of an exact ID, a trust domain, or any SVID.</summary>
public sealed record SpiffeServerAuthSpec(string? ServerId = null, string? TrustDomain = null, bool AuthorizeAny = false)
{
    /// <summary>Trust domain value meaning "the client's own trust domain".</summary>
    public const string TrustDomainSelf = "self";
}

/// <summary>The mTLS client certificate: an X.509-SVID provider or a static certificate + key.</summary>
public sealed record ClientAuthSpec(string? Provider = null, TlsDataSpec? Certificate = null, TlsKeySpec? Key = null)
{
    public const string ProviderX509Svid = "x509-svid";
}

/// <summary>A PEM certificate chain from a file or inline.</summary>
public sealed record TlsDataSpec(string? FromPath = null, string? Value = null);

/// <summary>A PEM private key from a file or inline; the inline value is a secret and never printed.</summary>
public sealed record TlsKeySpec(string? FromPath = null, string? Value = null)
{
    public override string ToString() => $"TlsKeySpec {{ FromPath = {FromPath}, Value = {Redaction.Mask(Value)} }}";
}
