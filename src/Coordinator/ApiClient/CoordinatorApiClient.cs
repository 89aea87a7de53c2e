using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxMirror.Coordinator.Api;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Protocol.Api;

namespace FluxMirror.Coordinator.ApiClient;

/// <summary>How long the CLI waits on a coordinator.</summary>
/// <param name="Connect">For the TCP (and TLS) connection.</param>
/// <param name="Response">For a whole answer, or a stream's status line and headers. Above the coordinator's own
/// 30 s bound on the job manager, so its clearer 503 arrives first.</param>
/// <param name="StreamIdle">Between two lines of an event stream. The coordinator sends an empty line every
/// <see cref="StreamHeartbeat.Interval"/> while nothing happens; silence beyond this means the connection is dead (a
/// cut leaves it open, with no RST).</param>
public sealed record ApiTimeouts(TimeSpan Connect, TimeSpan Response, TimeSpan StreamIdle)
{
    public static ApiTimeouts Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(45), StreamHeartbeat.ClientIdleBound);

    /// <summary>For one-shot commands bounded by the global --timeout: the whole answer within it.</summary>
    public static ApiTimeouts Within(TimeSpan timeout) =>
        Default with { Connect = timeout < Default.Connect ? timeout : Default.Connect, Response = timeout };
}

/// <summary>
/// A coordinator that could not be reached or did not answer in time (or answered 5xx or 429, or its stream broke):
/// a job follower tries again, other commands print it as their <c>✗</c> line. <see cref="NotSent"/>: the request never
/// left (no connection), so sending it to another coordinator cannot do it twice.
/// </summary>
public sealed class CoordinatorUnavailableException(string message, bool notSent = false) : CliException(message)
{
    public bool NotSent { get; } = notSent;
}

/// <summary>The CLI's HTTP side of one coordinator's job API (a --cluster URL): every call bounded, every failure one line.</summary>
public sealed class CoordinatorApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ApiTimeouts _timeouts;
    private readonly bool _sendsToken;

    private CoordinatorApiClient(Uri baseUri, ApiTimeouts timeouts, string? apiToken)
    {
        _timeouts = timeouts;
        _sendsToken = apiToken is not null;
        // Never the user info: a URL in an error line must not carry a password.
        Url = baseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeouts.Connect })
        {
            BaseAddress = baseUri,
            // Per call instead (see SendAsync): a stream's body may last as long as its job.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (apiToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        }
    }

    /// <summary>The coordinator as error lines name it: scheme, host, port and path.</summary>
    public string Url { get; }

    /// <param name="apiToken">Sent as <c>Authorization: Bearer</c> with every request, when given.</param>
    public static CoordinatorApiClient Create(string url, ApiTimeouts? timeouts = null, string? apiToken = null)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"invalid --cluster URL \"{url}\": expected http(s)://host:port");
        }

        return new CoordinatorApiClient(baseUri, timeouts ?? ApiTimeouts.Default, apiToken);
    }

    /// <summary>Every coordinator of a comma-separated --cluster value, in order.</summary>
    public static IReadOnlyList<CoordinatorApiClient> CreateAll(string urls, ApiTimeouts? timeouts = null, string? apiToken = null)
    {
        var list = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            throw new CliException("--cluster needs at least one coordinator URL");
        }

        var clients = new List<CoordinatorApiClient>();
        try
        {
            clients.AddRange(list.Select(u => Create(u, timeouts, apiToken)));
            return clients;
        }
        catch
        {
            clients.ForEach(c => c.Dispose());
            throw;
        }
    }

    /// <summary>GETs a JSON document.</summary>
    public Task<T> GetAsync<T>(string path, CancellationToken ct) =>
        CallAsync(HttpMethod.Get, path, null, ReadJsonAsync<T>, ct);

    /// <summary>POSTs a JSON document and reads the JSON answer.</summary>
    public Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken ct) =>
        CallAsync(HttpMethod.Post, path, JsonContent.Create(body), ReadJsonAsync<TResponse>, ct);

    /// <summary>
    /// Sends a request whose answer is text for the terminal (the operator commands). A POST carries <c>{}</c>: the
    /// coordinator takes state-changing requests with a JSON body only.
    /// </summary>
    public Task<string> TextAsync(HttpMethod method, string path, CancellationToken ct) =>
        CallAsync(method, path, method == HttpMethod.Get ? null : JsonContent.Create(new object()), (response, token) => response.Content.ReadAsStringAsync(token), ct);

    /// <summary>
    /// The lines of a newline-delimited stream as they arrive, empty ones (heartbeats) included, until the coordinator
    /// ends it. <see cref="CoordinatorUnavailableException"/> when it cannot be opened, breaks, or stays silent longer
    /// than <see cref="ApiTimeouts.StreamIdle"/>; <see cref="CliException"/> when the coordinator refuses it (4xx).
    /// </summary>
    public async IAsyncEnumerable<string> StreamLinesAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        HttpResponseMessage response;
        using (var headers = Deadline(_timeouts.Response, ct))
        {
            response = await SendAsync(HttpMethod.Get, path, null, headers.Token, ct);
        }

        using (response)
        using (var idle = Deadline(_timeouts.StreamIdle, ct))
        {
            StreamReader reader;
            try
            {
                reader = new StreamReader(await response.Content.ReadAsStreamAsync(idle.Token));
            }
            catch (Exception ex) when (StreamFailure(ex, idle, ct) is { } failure)
            {
                throw failure;
            }

            using (reader)
            {
                while (true)
                {
                    string? line;
                    try
                    {
                        // Re-arms the deadline: it counts from the last line.
                        idle.CancelAfter(_timeouts.StreamIdle);
                        line = await reader.ReadLineAsync(idle.Token);
                    }
                    catch (Exception ex) when (StreamFailure(ex, idle, ct) is { } failure)
                    {
                        throw failure;
                    }

                    if (line is null)
                    {
                        yield break;
                    }

                    yield return line;
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> CallAsync<T>(HttpMethod method, string path, HttpContent? content, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var deadline = Deadline(_timeouts.Response, ct);
        using var response = await SendAsync(method, path, content, deadline.Token, ct);
        try
        {
            return await read(response, deadline.Token);
        }
        catch (Exception ex) when (Unavailable(ex, ct) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>Sends and waits for the status line and headers, within <paramref name="deadline"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken deadline, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(new HttpRequestMessage(method, path) { Content = content }, HttpCompletionOption.ResponseHeadersRead, deadline);
        }
        catch (Exception ex) when (Unavailable(ex, ct) is { } unavailable)
        {
            throw unavailable;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var error = await ErrorOfAsync(response, deadline);
            throw response.StatusCode switch
            {
                >= HttpStatusCode.InternalServerError => new CoordinatorUnavailableException($"the coordinator at {Url} answered: {error}"),
                // Busy (the running-jobs or follower caps): the API's own line, and worth another try later.
                HttpStatusCode.TooManyRequests => new CoordinatorUnavailableException(error),
                // Not worth another try, on this coordinator or the next: they share the token.
                HttpStatusCode.Unauthorized => new CliException(_sendsToken
                    ? $"the coordinator at {Url} refused the API token (401): set {ApiTokenReader.TokenVariable} or --api-token-file"
                    : $"the coordinator at {Url} requires an API token (401): set {ApiTokenReader.TokenVariable} or --api-token-file"),
                _ => new CliException(error),
            };
        }
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct)
                ?? throw new CliException($"the coordinator at {Url} answered an empty body");
        }
        catch (JsonException)
        {
            throw new CliException($"the coordinator at {Url} answered something that is not a job API document");
        }
    }

    /// <summary>The API's own error line when it sent one, else the status.</summary>
    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            if (await response.Content.ReadFromJsonAsync<ApiError>(ct) is { Error.Length: > 0 } error)
            {
                return error.Error;
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or HttpRequestException or IOException or OperationCanceledException)
        {
            // Not an API error document, or not all of it arrived: the status says enough.
        }

        return $"the coordinator answered {(int)response.StatusCode} {response.ReasonPhrase}";
    }

    /// <summary>
    /// A failure of the connection, or a deadline of ours, as one line; null for the caller's own cancellation (Ctrl-C
    /// stays an interruption) and for anything that is not about reaching the coordinator.
    /// </summary>
    private CoordinatorUnavailableException? Unavailable(Exception ex, CancellationToken ct) => ex switch
    {
        _ when ct.IsCancellationRequested => null,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } =>
            new($"cannot reach the coordinator at {Url}: {ex.Message}", notSent: true),
        // SocketsHttpHandler's ConnectTimeout: a cancellation carrying a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } =>
            new($"cannot reach the coordinator at {Url}: no connection within {GoText(_timeouts.Connect)}", notSent: true),
        OperationCanceledException => new($"the coordinator at {Url} did not answer within {GoText(_timeouts.Response)}"),
        HttpRequestException or IOException => new($"lost the connection to the coordinator at {Url}: {ex.Message}"),
        _ => null,
    };

    private CoordinatorUnavailableException? StreamFailure(Exception ex, CancellationTokenSource idle, CancellationToken ct) => ex switch
    {
        _ when ct.IsCancellationRequested => null,
        OperationCanceledException when idle.IsCancellationRequested => new($"the event stream from {Url} was silent for {GoText(_timeouts.StreamIdle)}"),
        HttpRequestException or IOException => new($"the event stream from {Url} broke: {ex.Message}"),
        _ => null,
    };

    private static CancellationTokenSource Deadline(TimeSpan after, CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(after);
        return deadline;
    }

    private static string GoText(TimeSpan t) => GoDuration.Format(t);
}
