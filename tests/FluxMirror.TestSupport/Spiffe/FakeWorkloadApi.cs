using System.Collections.Concurrent;
using FluxMirror.TestSupport.Infrastructure;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Spiffe;

/// <summary>
/// A SPIFFE Workload API (the real gRPC protocol) on a unix socket in a temp dir, standing in for a SPIRE agent:
/// streams this workload's X.509-SVID and bundle (and pushes a new SVID on the open streams on <see cref="Rotate"/>),
/// serves ES256 JWT-SVIDs and the JWT bundle, and refuses calls without the <c>workload.spiffe.io</c> header.
/// </summary>
public sealed class FakeWorkloadApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;
    private readonly ConcurrentQueue<(string Method, bool Admitted)> _calls = new();
    private readonly ConcurrentQueue<string> _jwtAudiences = new();
    private readonly ConcurrentQueue<string> _jwts = new();
    private readonly Lock _lock = new();
    private IssuedSvid _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeWorkloadApi(SvidAuthority authority, string workloadId)
    {
        Authority = authority;
        WorkloadId = workloadId;
        _current = authority.Issue(workloadId);
        Issued = [_current];
        _directory = TempDirectory.Create("spiffe");
        SocketPath = Path.Combine(_directory, "agent.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(SocketPath, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<WorkloadApiService>();
    }

    public SvidAuthority Authority { get; }

    /// <summary>The SPIFFE ID of this workload (its X.509-SVID and JWT-SVID subject).</summary>
    public string WorkloadId { get; }

    public Es256Jwt Jwt { get; } = new();

    public TimeSpan JwtLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When set, FetchJWTSVID answers with this status.</summary>
    public Status? JwtFailure { get; set; }

    public string SocketPath { get; }

    /// <summary>The <c>SPIFFE_ENDPOINT_SOCKET</c> value.</summary>
    public string Address => "unix://" + SocketPath;

    /// <summary>Every SVID served so far, first to last.</summary>
    public List<IssuedSvid> Issued { get; }

    public IssuedSvid Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public IReadOnlyList<(string Method, bool Admitted)> Calls => _calls.ToArray();

    public IReadOnlyList<string> JwtAudiences => _jwtAudiences.ToArray();

    /// <summary>Every JWT-SVID served (to assert none leaks into output).</summary>
    public IReadOnlyList<string> IssuedJwts => _jwts.ToArray();

    public static async Task<FakeWorkloadApi> StartAsync(SvidAuthority authority, string workloadId, CancellationToken ct = default)
    {
        var api = new FakeWorkloadApi(authority, workloadId);
        await api._app.StartAsync(ct);
        return api;
    }

    /// <summary>Issues a new SVID and pushes it on every open FetchX509SVID stream.</summary>
    public IssuedSvid Rotate()
    {
        TaskCompletionSource changed;
        IssuedSvid next;
        lock (_lock)
        {
            next = Authority.Issue(WorkloadId);
            _current = next;
            Issued.Add(next);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return next;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Jwt.Dispose();
        TempDirectory.TryDelete(_directory);
    }

    internal (IssuedSvid Svid, Task Changed) CurrentX509()
    {
        lock (_lock)
        {
            return (_current, _changed.Task);
        }
    }

    internal void RecordCall(string method, bool admitted) => _calls.Enqueue((method, admitted));

    internal void RecordJwt(string audience, string token)
    {
        _jwtAudiences.Enqueue(audience);
        _jwts.Enqueue(token);
    }
}
