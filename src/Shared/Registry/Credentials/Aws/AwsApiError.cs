using System.Net;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// An AWS JSON-protocol error answer, read the way the Go SDK reports it:
/// <c>operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: …, api error AccessDeniedException: …</c>.
/// The code comes from <c>x-amzn-ErrorType</c> or the body's <c>__type</c> (namespace and URI parts dropped).
/// </summary>
public static class AwsApiError
{
    public static string Describe(string serviceName, string operation, HttpStatusCode status, string? requestId, string? errorTypeHeader, string body)
    {
        var (code, message) = Parse(body);
        code = Clean(errorTypeHeader) ?? Clean(code) ?? "UnknownError";
        var text = $"operation error {serviceName}: {operation}, https response error StatusCode: {(int)status}, RequestID: {requestId}, api error {code}";
        return $"{text}: {AwsCredentialChain.OneLine(message ?? string.Empty)}".TrimEnd();
    }

    private static (string? Code, string? Message) Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? code = null;
            string? message = null;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (property.NameEquals("__type") || property.Name.Equals("code", StringComparison.OrdinalIgnoreCase))
                {
                    code ??= property.Value.GetString();
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase) || property.NameEquals("errorMessage"))
                {
                    message ??= property.Value.GetString();
                }
            }

            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    // "aws.protocoltests#FooError:http://internal.amazon.com/coral/..." → "FooError".
    private static string? Clean(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var value = code.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        value = colon >= 0 ? value[..colon] : value;
        var hash = value.LastIndexOf('#');
        return hash >= 0 ? value[(hash + 1)..] : value;
    }
}
