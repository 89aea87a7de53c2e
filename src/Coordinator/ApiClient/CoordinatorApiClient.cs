using System.Net.Http.Json;
using System.Text.Json;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Protocol.Api;

namespace FluxMirror.Coordinator.ApiClient;

/// <summary>The CLI's HTTP side of a coordinator's job API: the client for a --cluster URL and its error lines.</summary>
public static class CoordinatorApiClient
{
    /// <summary>A client whose calls may take as long as they need (a followed job streams for its whole run).</summary>
    public static HttpClient Create(string url) => Create(url, Timeout.InfiniteTimeSpan);

    /// <summary>A client whose every call, answer body included, must finish within <paramref name="callTimeout"/> (at most <see cref="int.MaxValue"/> ms).</summary>
    public static HttpClient Create(string url, TimeSpan callTimeout)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"invalid --cluster URL \"{url}\": expected http(s)://host:port");
        }

        return new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUri, Timeout = callTimeout };
    }

    /// <summary>GETs a JSON document; any failure becomes one CLI error line.</summary>
    public static async Task<T> GetAsync<T>(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await SendAsync(http, HttpMethod.Get, path, content: null, ct);
        return await ReadAsync<T>(http, response, ct);
    }

    /// <summary>POSTs a JSON document and reads the JSON answer; any failure becomes one CLI error line.</summary>
    public static async Task<TResponse> PostAsync<TRequest, TResponse>(HttpClient http, string path, TRequest body, CancellationToken ct)
    {
        using var response = await SendAsync(http, HttpMethod.Post, path, JsonContent.Create(body), ct);
        return await ReadAsync<TResponse>(http, response, ct);
    }

    /// <summary>Sends a request whose answer is text for the terminal (the operator commands).</summary>
    public static async Task<string> TextAsync(HttpClient http, HttpMethod method, string path, CancellationToken ct)
    {
        using var response = await SendAsync(http, method, path, content: null, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    private static async Task<T> ReadAsync<T>(HttpClient http, HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct)
                ?? throw new CliException("the coordinator answered an empty body");
        }
        catch (JsonException)
        {
            throw new CliException($"the coordinator at {http.BaseAddress} answered something that is not a job API document");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = content }, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"cannot reach the coordinator at {http.BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // Not the caller's token, so the client's own timeout: the whole answer is read within it
            // (the default completion reads the body before SendAsync returns).
            throw new CliException($"the coordinator at {http.BaseAddress} did not answer within {GoDuration.Format(http.Timeout)}");
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw new CliException(await ErrorOfAsync(response, ct));
            }
        }

        return response;
    }

    /// <summary>The API's own error line when it sent one, else the status.</summary>
    public static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            if (await response.Content.ReadFromJsonAsync<ApiError>(ct) is { Error.Length: > 0 } error)
            {
                return error.Error;
            }
        }
        catch (JsonException)
        {
        }

        return $"the coordinator answered {(int)response.StatusCode} {response.ReasonPhrase}";
    }
}
