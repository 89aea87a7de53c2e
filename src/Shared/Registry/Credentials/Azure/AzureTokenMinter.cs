using FluxMirror.Registry.Credentials.Tokens;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// <c>credential.provider: azure</c>: an Entra access token for the scope <c>&lt;aud&gt;/.default</c>, stamped as
/// Bearer and cached by <see cref="MintedTokenSource"/> for half of its lifetime.
/// </summary>
public static class AzureTokenMinter
{
    public static string ScopeFor(string aud) => aud + "/.default";

    public static MintedTokenSource Source(string host, string aud, EntraTokens? tokens = null, TimeProvider? clock = null)
    {
        var entra = tokens ?? new EntraTokens();
        var scope = ScopeFor(aud);
        return new MintedTokenSource(host, ct => new ValueTask<string>(entra.GetAsync(scope, ct)), clock: clock);
    }
}
