using System.Net;

namespace FluxMirror.Registry.Model;

/// <summary>
/// A failed registry interaction, with a go-containerregistry-like one-line message:
/// <c>GET http://host/v2/foo/tags/list?n=1000: NAME_UNKNOWN: repository name not known to registry</c>.
/// Messages carry the method and a credential-free URL, never a token, password or Authorization value.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<string>? codes = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Codes = codes ?? [];
    }

    /// <summary>The HTTP status, or null when no response was received (connection failure, bad content).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Registry error codes from the response body (<c>NAME_UNKNOWN</c>, <c>UNAUTHORIZED</c>, …), in order.</summary>
    public IReadOnlyList<string> Codes { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsUnauthorized => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
