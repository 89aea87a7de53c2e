using FluxMirror.Registry.Model;
using Google.Apis.Auth.OAuth2.Responses;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>
/// Turns Google.Apis.Auth failures into the one-liners the reference (Go's <c>golang.org/x/oauth2/google</c>) prints.
/// The library's messages span lines and name help pages; a token endpoint's refusal keeps only its error code and
/// description, never a request or response body.
/// </summary>
public static class GcpErrors
{
    /// <summary>Go's text when no application default credentials exist.</summary>
    public const string NoDefaultCredentials =
        "google: could not find default credentials. See https://cloud.google.com/docs/authentication/external/set-up-adc for more information";

    private const string LibraryNoDefaultCredentials = "Your default credentials were not found";

    /// <summary>True for a failure to report; false for the caller's own cancellation, which must propagate as is.</summary>
    public static bool IsFailure(Exception ex, CancellationToken ct) => ex is not OperationCanceledException || !ct.IsCancellationRequested;

    public static string Describe(Exception ex, TimeSpan timeout) => ex switch
    {
        CredentialException credential => credential.Message,
        TokenResponseException token => DescribeTokenError(token),
        TimeoutException or OperationCanceledException => $"timed out after {timeout.TotalSeconds:0}s",
        InvalidOperationException when ex.Message.StartsWith(LibraryNoDefaultCredentials, StringComparison.Ordinal) => NoDefaultCredentials,
        _ => FirstLine(ex.Message),
    };

    /// <summary>Go's <c>oauth2.RetrieveError</c>: <c>oauth2: "code" "description"</c>, or the status when the body had no code.</summary>
    public static string DescribeTokenError(TokenResponseException ex)
    {
        var code = ex.Error?.Error;
        if (string.IsNullOrEmpty(code))
        {
            return ex.StatusCode is { } status
                ? $"oauth2: cannot fetch token: {(int)status} {status}"
                : "oauth2: cannot fetch token: " + FirstLine(ex.Message);
        }

        var description = ex.Error?.ErrorDescription;
        return string.IsNullOrEmpty(description)
            ? $"oauth2: {GoQuote.Quote(code)}"
            : $"oauth2: {GoQuote.Quote(code)} {GoQuote.Quote(FirstLine(description))}";
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
