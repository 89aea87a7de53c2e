using System.Net;
using System.Text;
using System.Text.Json;

namespace FluxMirror.Registry.Model;

/// <summary>Turns unexpected registry responses and transport failures into <see cref="RegistryException"/>s.</summary>
internal static class RegistryErrors
{
    private const int BodySnippetLength = 200;
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<RegistryException> FromResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var request = response.RequestMessage!;
        var body = await ReadBodyAsync(response, ct).ConfigureAwait(false);
        var (codes, firstError) = ParseErrors(body);
        var detail = firstError ?? UnexpectedStatus(response.StatusCode, response.ReasonPhrase, body);
        return new RegistryException(Prefix(request.Method, request.RequestUri!) + detail, response.StatusCode, codes);
    }

    public static RegistryException FromTransportFailure(HttpMethod method, Uri uri, Exception failure)
    {
        var reason = failure is HttpRequestException { InnerException: { } inner } && !failure.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{failure.Message} ({inner.Message})"
            : failure.Message;
        return new RegistryException(Prefix(method, uri) + OneLine(reason), null, null, failure);
    }

    public static string Prefix(HttpMethod method, Uri uri) => $"{method.Method} {UrlRedaction.ForDisplay(uri)}: ";

    /// <summary>The standard reason phrase ("Internal Server Error") for a status, falling back to the enum name split into words.</summary>
    public static string ReasonPhrase(HttpStatusCode status, string? served)
    {
        if (!string.IsNullOrWhiteSpace(served))
        {
            return served;
        }

        var name = status.ToString();
        if (int.TryParse(name, out _))
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string UnexpectedStatus(HttpStatusCode status, string? reason, string body)
    {
        var text = $"unexpected status code {(int)status} {ReasonPhrase(status, reason)}".TrimEnd();
        var snippet = OneLine(body);
        if (snippet.Length > BodySnippetLength)
        {
            snippet = snippet[..BodySnippetLength] + "…";
        }

        return snippet.Length == 0 ? text : $"{text}: {snippet}";
    }

    private static (IReadOnlyList<string> Codes, string? FirstError) ParseErrors(string body)
    {
        if (body.Length == 0 || body.TrimStart() is not ['{', ..])
        {
            return ([], null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return ([], null);
            }

            var codes = new List<string>();
            string? first = null;
            foreach (var error in errors.EnumerateArray())
            {
                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? string.Empty : string.Empty;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
                codes.Add(code);
                first ??= OneLine(message.Length == 0 ? code : $"{code}: {message}");
            }

            return (codes, first);
        }
        catch (JsonException)
        {
            return ([], null);
        }
    }

    /// <summary>The first 64 KiB of a body as text (empty when it breaks off): enough for any error message.</summary>
    internal static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
