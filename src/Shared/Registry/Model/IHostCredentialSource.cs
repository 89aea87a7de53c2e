namespace FluxMirror.Registry.Model;

/// <summary>
/// Where a host's credential comes from. Resolved before every request that needs it, so a source may rotate
/// (token files) or mint (providers) freely; sources that are expensive cache internally.
/// </summary>
public interface IHostCredentialSource
{
    ValueTask<HostCredential> ResolveAsync(CancellationToken ct);
}
