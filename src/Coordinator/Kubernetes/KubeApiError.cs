using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using k8s.Autorest;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// Turns a failed API call into the one line client-go would print: the <c>message</c> of the API's <c>Status</c>
/// (<c>secrets "x" already exists</c>, <c>Unauthorized</c>, …), client-go's generic text for a status without one,
/// or <c>Verb "url": cause</c> for a transport failure. Never a stack trace, never a request header.
/// </summary>
public static class KubeApiError
{
    private const int MaxBodyInMessage = 512;

    /// <summary>The Status <c>reason</c> (<c>AlreadyExists</c>, <c>Conflict</c>, …), or null when the body carries none.</summary>
    public static string? Reason(HttpOperationException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return Status(ex.Response?.Content, "reason");
    }

    public static bool Is(Exception ex, HttpStatusCode code, string reason) =>
        ex is HttpOperationException http && http.Response?.StatusCode == code && Reason(http) == reason;

    public static string Describe(Exception ex, string verb, string url)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex switch
        {
            HttpOperationException http => FromStatus(http),
            HttpRequestException { InnerException: AuthenticationException tls } => $"{verb} \"{url}\": tls: {tls.Message}",
            HttpRequestException request => $"{verb} \"{url}\": {request.GetBaseException().Message}",
            _ => ex.GetBaseException().Message,
        };
    }

    private static string FromStatus(HttpOperationException ex)
    {
        var code = (int)(ex.Response?.StatusCode ?? 0);
        var body = ex.Response?.Content;
        if (Status(body, "message") is { Length: > 0 } message)
        {
            return message.ReplaceLineEndings(" ");
        }

        // apimachinery's texts for a response that is not a Status (a proxy's page, an empty body).
        return code switch
        {
            401 => "Unauthorized",
            403 => "forbidden",
            404 => "the server could not find the requested resource",
            409 => "the server reported a conflict",
            >= 500 when !string.IsNullOrWhiteSpace(body) => $"an error on the server (\"{Trim(body)}\") has prevented the request from succeeding",
            _ => $"the server responded with the status code {code} but did not return more information",
        };
    }

    private static string? Status(string? body, string field)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Status"
                && root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string body)
    {
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxBodyInMessage ? line : line[..MaxBodyInMessage] + "…";
    }
}
