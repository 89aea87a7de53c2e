namespace FluxMirror.Registry.Model;

public enum SpiffeAuthorizerKind
{
    Any,
    Id,
    MemberOf,
    OwnTrustDomain,
}
