namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>How long an <see cref="X509Source"/> waits for its first SVID, and how it backs off between reconnects.</summary>
public sealed record X509SourceTiming(TimeSpan FirstUpdate, TimeSpan InitialBackoff, TimeSpan MaxBackoff)
{
    public static readonly X509SourceTiming Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
}
