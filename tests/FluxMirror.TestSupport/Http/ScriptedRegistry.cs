using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Http;

/// <summary>
/// A scripted registry for unit tests: a <see cref="LoopbackServer"/> that answers with <c>answer</c>, and the production
/// registry client pointed at it over plain HTTP with an empty Docker config (no ambient credentials).
/// </summary>
public sealed class ScriptedRegistry : IAsyncDisposable
{
    private readonly DockerConfigDir _dockerConfig = new();

    public ScriptedRegistry(Func<RecordedRequest, ScriptedResponse> answer)
    {
        Server = new LoopbackServer(answer);
        Client = new RegistryClient(new RegistryClientOptions { DockerConfigDirectory = _dockerConfig.Path, Insecure = true });
    }

    public LoopbackServer Server { get; }

    public RegistryClient Client { get; }

    /// <summary>host:port of the server.</summary>
    public string Host => Server.Host;

    public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _dockerConfig.Dispose();
    }
}
