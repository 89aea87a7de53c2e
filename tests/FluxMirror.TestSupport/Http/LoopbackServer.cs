using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FluxMirror.TestSupport.Http;

/// <summary>One request as the <see cref="LoopbackServer"/> received it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Subject of the client certificate presented over TLS, if any.</summary>
    public string? ClientCertificateSubject { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Where a <see cref="LoopbackServer"/> answer stops and holds the connection open until the server is disposed.</summary>
public enum ResponseStall
{
    /// <summary>The whole answer is sent.</summary>
    None,

    /// <summary>Nothing is sent: a peer that accepted the connection and never answers.</summary>
    BeforeHeaders,

    /// <summary>The headers (with the full Content-Length) and the first half of the body are sent, then nothing.</summary>
    MidBody,
}

/// <summary>What the <see cref="LoopbackServer"/> answers.</summary>
public sealed record ScriptedResponse(int Status, IReadOnlyDictionary<string, string>? Headers = null, byte[]? Body = null)
{
    public ResponseStall Stall { get; init; }

    /// <summary>Accepts the request and never answers.</summary>
    public static ScriptedResponse NoAnswer() => new(0) { Stall = ResponseStall.BeforeHeaders };

    public static ScriptedResponse Json(int status, string json, params (string Name, string Value)[] headers) =>
        new(status, headers.Append(("Content-Type", "application/json")).ToDictionary(h => h.Item1, h => h.Item2), Encoding.UTF8.GetBytes(json));

    public static ScriptedResponse Empty(int status, params (string Name, string Value)[] headers) =>
        new(status, headers.ToDictionary(h => h.Name, h => h.Value));
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (one request per connection) for the few transport behaviours a real
/// registry cannot show: which headers arrive, throttling answers, token endpoints, cross-host redirects, peers that
/// stall (<see cref="ResponseStall"/>).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Func<RecordedRequest, ScriptedResponse> _handler;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly TcpAcceptLoop _connections;
    private readonly X509Certificate2? _serverCertificate;
    private readonly bool _requireClientCertificate;

    /// <param name="serverCertificate">Serve HTTPS with this certificate (with private key) instead of plain HTTP.</param>
    public LoopbackServer(Func<RecordedRequest, ScriptedResponse> handler, X509Certificate2? serverCertificate = null, bool requireClientCertificate = false)
    {
        _handler = handler;
        _serverCertificate = serverCertificate;
        _requireClientCertificate = requireClientCertificate;
        _connections = new TcpAcceptLoop(ServeAsync);
        Host = $"127.0.0.1:{_connections.Port}";
    }

    /// <summary>"127.0.0.1:&lt;port&gt;".</summary>
    public string Host { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                string? clientSubject = null;
                if (_serverCertificate is not null)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _serverCertificate,
                        ClientCertificateRequired = _requireClientCertificate,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) => !_requireClientCertificate || certificate is not null,
                    });
                    clientSubject = ssl.RemoteCertificate?.Subject;
                    stream = ssl;
                }

                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                request = request with { ClientCertificateSubject = clientSubject };

                _requests.Enqueue(request);
                ScriptedResponse response;
                try
                {
                    response = _handler(request);
                }
                catch (Exception ex)
                {
                    response = new ScriptedResponse(500, null, Encoding.UTF8.GetBytes("test handler failed: " + ex.Message));
                }

                await WriteResponseAsync(stream, request, response);
                if (response.Stall != ResponseStall.None)
                {
                    await Task.Delay(Timeout.Infinite, _connections.Stopping);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or AuthenticationException or OperationCanceledException)
            {
                // The client hung up or failed the TLS handshake (nothing to answer), or a stalled answer ended with the server.
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            // 0x16 opens a TLS handshake: this server only speaks plain HTTP, so hang up like a real one would.
            if (await stream.ReadAsync(one) == 0 || (head.Length == 0 && one[0] == 0x16))
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length) : 0];
        await stream.ReadExactlyAsync(body);
        return new RecordedRequest(requestLine[0], requestLine[1], headers, body);
    }

    private static async Task WriteResponseAsync(Stream stream, RecordedRequest request, ScriptedResponse response)
    {
        if (response.Stall == ResponseStall.BeforeHeaders)
        {
            return;
        }

        var body = response.Body ?? [];
        var head = new StringBuilder($"HTTP/1.1 {response.Status} {ReasonOf(response.Status)}\r\n");
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (request.Method != "HEAD")
        {
            await stream.WriteAsync(response.Stall == ResponseStall.MidBody ? body.AsMemory(0, body.Length / 2) : body);
        }

        await stream.FlushAsync();
    }

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        307 => "Temporary Redirect",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
