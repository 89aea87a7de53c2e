using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials;

/// <summary>A credential fixed at load time (<c>credential.value</c>).</summary>
public sealed class StaticCredentialSource(HostCredential credential) : IHostCredentialSource
{
    public ValueTask<HostCredential> ResolveAsync(CancellationToken ct) => ValueTask.FromResult(credential);
}
