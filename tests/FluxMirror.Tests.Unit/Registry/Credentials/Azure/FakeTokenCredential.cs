using Azure.Core;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

/// <summary>A TokenCredential that answers with <paramref name="issue"/> and records the scopes asked for.</summary>
internal sealed class FakeTokenCredential(Func<TokenRequestContext, CancellationToken, Task<AccessToken>> issue) : TokenCredential
{
    public List<string> Scopes { get; } = [];

    public static FakeTokenCredential Returning(string token) =>
        new((_, _) => Task.FromResult(new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1))));

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new NotSupportedException("async only");

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.AddRange(requestContext.Scopes);
        return await issue(requestContext, cancellationToken);
    }
}
