using FluxMirror.Protocol.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Hosting.Http;

/// <summary>
/// A state-changing POST takes only a JSON body. A browser sends a cross-site form (urlencoded, multipart, text/plain)
/// without asking first, but never an <c>application/json</c> one without a CORS preflight this API does not grant:
/// so a web page cannot make an operator's browser submit a job or down members.
/// </summary>
public static class JsonBodyRequired
{
    public static RouteHandlerBuilder RequireJsonBody(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.HasJsonContentType()
                ? await next(context)
                : Results.Json(new ApiError("the request body must be JSON (Content-Type: application/json)"), statusCode: StatusCodes.Status415UnsupportedMediaType));
}
