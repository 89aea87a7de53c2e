using System.Net.Sockets;
using FluxMirror.Registry.Credentials.Spiffe.WorkloadApi;
using Grpc.Core;
using Grpc.Net.Client;

namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>
/// A gRPC client of the SPIFFE Workload API on a unix socket. Every call carries the <c>workload.spiffe.io: true</c>
/// header the specification requires (servers refuse calls without it).
/// </summary>
internal sealed class WorkloadApiClient : IDisposable
{
    private static readonly Metadata SecurityHeader = new() { { "workload.spiffe.io", "true" } };

    private readonly GrpcChannel _channel;

    public WorkloadApiClient(WorkloadApiAddress address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (_, ct) => ConnectAsync(address.SocketPath, ct),
        };

        // The authority is a placeholder: the socket is chosen by the connect callback.
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Api = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(_channel);
    }

    public SpiffeWorkloadAPI.SpiffeWorkloadAPIClient Api { get; }

    public static CallOptions Options(DateTime? deadline, CancellationToken ct) => new(SecurityHeader, deadline, ct);

    /// <summary>An RPC failure the way Go's gRPC prints it (<c>rpc error: code = Unavailable desc = …</c>).</summary>
    public static string Describe(RpcException ex) =>
        $"rpc error: code = {ex.StatusCode} desc = {(ex.StatusCode == StatusCode.DeadlineExceeded ? "context deadline exceeded" : ex.Status.Detail)}";

    public void Dispose() => _channel.Dispose();

    private static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
