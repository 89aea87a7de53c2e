namespace FluxMirror.Registry.Model;

/// <summary>
/// A credential source whose credential can go stale before its stated expiry (a revoked or rotated cloud token). When a
/// registry rejects what it issued, the transport tells it, and the next request gets a freshly fetched credential.
/// </summary>
public interface IRenewableCredentialSource : IHostCredentialSource
{
    /// <summary>Drops <paramref name="rejected"/> if it is still the cached credential; a newer one is kept.</summary>
    void Invalidate(HostCredential rejected);
}
