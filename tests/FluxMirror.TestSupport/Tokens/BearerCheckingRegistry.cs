using System.Collections.Concurrent;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Tokens;

/// <summary>
/// A registry that trusts only bearer JWTs: a plain-HTTP <see cref="LoopbackProxy"/> on 127.0.0.1 in front of a real
/// docker-registry that answers 401 to any request without <c>Authorization: Bearer &lt;jwt&gt;</c> or whose token the
/// test's check refuses, and forwards the rest. Every presented token and every refusal is recorded.
/// </summary>
public sealed class BearerCheckingRegistry : IAsyncDisposable
{
    private readonly RegistryProcess _backend;
    private readonly LoopbackProxy _front;
    private readonly Func<string, string?> _rejection;
    private readonly ConcurrentQueue<string> _tokens = new();
    private readonly ConcurrentQueue<string> _refusals = new();

    private BearerCheckingRegistry(RegistryProcess backend, LoopbackProxy front, Func<string, string?> rejection)
    {
        _backend = backend;
        _front = front;
        _rejection = rejection;
        _front.Admit = context => Task.FromResult(Admit(context.Request));
    }

    /// <summary>"127.0.0.1:port" of the checking front.</summary>
    public string Host => _front.Host;

    /// <summary>The registry behind the front (seed and inspect it directly).</summary>
    public RegistryProcess Backend => _backend;

    /// <summary>Added before each request is checked, so a sync spans more time.</summary>
    public TimeSpan Latency
    {
        get => _front.Latency;
        set => _front.Latency = value;
    }

    /// <summary>The bearer token of every request, in arrival order.</summary>
    public IReadOnlyList<string> Tokens => _tokens.ToArray();

    /// <summary>Why requests were refused ("no bearer token" or the check's reason).</summary>
    public IReadOnlyList<string> Refusals => _refusals.ToArray();

    /// <param name="rejection">Why a token is refused at the moment of the request, or null to accept it.</param>
    public static async Task<BearerCheckingRegistry> StartAsync(Func<string, string?> rejection, CancellationToken ct = default)
    {
        var backend = await RegistryProcess.StartAsync(ct: ct);
        try
        {
            return new BearerCheckingRegistry(backend, await LoopbackProxy.StartAsync(backend.BaseUri, ct), rejection);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private bool Admit(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            _refusals.Enqueue("no bearer token");
            return false;
        }

        var token = header["Bearer ".Length..];
        _tokens.Enqueue(token);
        if (_rejection(token) is { } reason)
        {
            _refusals.Enqueue(reason);
            return false;
        }

        return true;
    }
}
