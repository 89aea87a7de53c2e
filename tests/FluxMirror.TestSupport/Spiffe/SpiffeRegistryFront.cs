using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Spiffe;

/// <summary>
/// A registry on 127.0.0.1 guarded the SPIFFE way, forwarding to a real docker-registry: either HTTPS with an
/// X.509-SVID server certificate that requires a client X.509-SVID chaining to the trust bundle with one expected
/// SPIFFE ID (mTLS), or plain HTTP that requires a bearer JWT-SVID for an audience. Records the serial of every
/// client certificate it accepted; with <see cref="CloseConnections"/> every response closes its connection, so each
/// request is a fresh TLS handshake (a rotated client SVID shows up on the next request).
/// </summary>
public sealed class SpiffeRegistryFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly string _scheme;
    private readonly ConcurrentQueue<string> _clientSerials = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly TaskCompletionSource _firstHandshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly X509Certificate2? _bundle;
    private readonly string? _expectedClientId;
    private readonly Func<string?, string?>? _refuseBearer;

    private SpiffeRegistryFront(Uri target, int port, IssuedSvid? serverSvid, X509Certificate2? bundle, string? expectedClientId, Func<string?, string?>? refuseBearer)
    {
        _target = target;
        _bundle = bundle;
        _expectedClientId = expectedClientId;
        _refuseBearer = refuseBearer;
        _scheme = serverSvid is null ? "http" : "https";
        Host = $"127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen =>
        {
            if (serverSvid is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverSvid.Certificate,
                    ClientCertificateMode = expectedClientId is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (certificate, _, _) => AcceptClient(certificate),
                });
            }
        }));
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    /// <summary>"127.0.0.1:port", for image references and <c>hosts[].host</c>.</summary>
    public string Host { get; }

    public TimeSpan Latency { get; set; }

    public bool CloseConnections { get; set; }

    /// <summary>Serial numbers of the client certificates accepted, one per handshake.</summary>
    public IReadOnlyList<string> ClientSerials => _clientSerials.ToArray();

    /// <summary>Why requests or handshakes were refused.</summary>
    public IReadOnlyList<string> Refusals => _refusals.ToArray();

    /// <summary>Completes on the first accepted client certificate.</summary>
    public Task FirstHandshake => _firstHandshake.Task;

    /// <summary>HTTPS with <paramref name="serverSvid"/>; requires a client SVID with <paramref name="expectedClientId"/> when given.</summary>
    public static Task<SpiffeRegistryFront> StartMutualTlsAsync(Uri target, IssuedSvid serverSvid, X509Certificate2 bundle, string? expectedClientId, CancellationToken ct) =>
        StartAsync(new SpiffeRegistryFront(target, FreePort.Next(), serverSvid, bundle, expectedClientId, null), ct);

    /// <summary>Plain HTTP that requires <c>Authorization: Bearer</c>; <paramref name="refuse"/> says why a token is not accepted (null = accepted).</summary>
    public static Task<SpiffeRegistryFront> StartBearerAsync(Uri target, Func<string?, string?> refuse, CancellationToken ct) =>
        StartAsync(new SpiffeRegistryFront(target, FreePort.Next(), null, null, null, refuse), ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private static async Task<SpiffeRegistryFront> StartAsync(SpiffeRegistryFront front, CancellationToken ct)
    {
        await front._app.StartAsync(ct);
        return front;
    }

    private bool AcceptClient(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(_bundle!);
        var uris = Registry.Credentials.Spiffe.SpiffeUri.UrisOf(certificate);
        var refusal = !chain.Build(certificate) ? "client certificate does not chain to the bundle"
            : uris.Count != 1 || uris[0] != _expectedClientId ? $"unexpected client SPIFFE ID {string.Join(",", uris)}"
            : null;
        if (refusal is not null)
        {
            _refusals.Enqueue(refusal);
            return false;
        }

        _clientSerials.Enqueue(certificate.SerialNumber);
        _firstHandshake.TrySetResult();
        return true;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        if (CloseConnections)
        {
            context.Response.Headers.Connection = "close";
        }

        if (_refuseBearer is not null)
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
            if (_refuseBearer(token) is { } why)
            {
                _refusals.Enqueue(why);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"spiffe\"";
                return;
            }
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        await HttpForwarding.ForwardAsync(context, _upstream, _target, $"{_scheme}://{Host}");
    }
}
