using FluxMirror.Protocol.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FluxMirror.Coordinator.Api;

/// <summary>
/// Every request but the health probes (<see cref="JobEndpoints.ProbePaths"/>) must carry <c>Authorization: Bearer
/// &lt;token&gt;</c> with the coordinator's API token. Runs before routing, so unknown paths are refused the same way and a
/// caller without the token learns nothing about which routes exist.
/// </summary>
public static class ApiTokenAuthentication
{
    private const string Scheme = "Bearer";

    /// <summary>Nothing is added without a token: a coordinator on loopback may run open (see <see cref="ApiListenGuard"/>).</summary>
    public static IApplicationBuilder UseApiTokenAuthentication(this IApplicationBuilder app, ApiTokenComparer? token)
    {
        if (token is null)
        {
            return app;
        }

        return app.Use(async (http, next) =>
        {
            if (HttpMethods.IsGet(http.Request.Method) && JobEndpoints.ProbePaths.Contains(http.Request.Path.Value, StringComparer.Ordinal))
            {
                await next(http);
                return;
            }

            if (!Presented(http.Request, token))
            {
                await RefuseAsync(http);
                return;
            }

            await next(http);
        });
    }

    private static bool Presented(HttpRequest request, ApiTokenComparer token)
    {
        var headers = request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } value)
        {
            return false;
        }

        // The scheme is case-insensitive (RFC 9110 11.1); the token is everything after one space.
        var span = value.AsSpan();
        return span.Length > Scheme.Length + 1
            && span[..Scheme.Length].Equals(Scheme, StringComparison.OrdinalIgnoreCase)
            && span[Scheme.Length] == ' '
            && token.Matches(span[(Scheme.Length + 1)..]);
    }

    // Never echoes what was sent: the header may hold a real token meant for another service.
    private static Task RefuseAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers[HeaderNames.WWWAuthenticate] = Scheme;
        return http.Response.WriteAsJsonAsync(new ApiError("missing or wrong API token: send Authorization: Bearer <token>"), http.RequestAborted);
    }
}
