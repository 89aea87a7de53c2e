using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Cloud;

/// <summary>
/// A real docker-registry behind a <see cref="CloudHttpsServer"/>: requests under <c>/v2/</c> that no test endpoint
/// answers are checked by <see cref="Authorize"/> (false ⇒ 401 with <c>WWW-Authenticate: </c><see cref="Challenge"/>),
/// then forwarded to <see cref="Upstream"/>. Null <see cref="Authorize"/> lets everything through (the registry's own
/// auth, if any, decides).
/// </summary>
public sealed record CloudRegistryBackend(Uri Upstream, Func<HttpRequest, bool>? Authorize = null, string? Challenge = null);
