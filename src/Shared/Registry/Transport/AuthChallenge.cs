using System.Net.Http.Headers;

namespace FluxMirror.Registry.Transport;

/// <summary>A registry's <c>WWW-Authenticate</c> challenge (Basic, or Bearer with realm/service/scope).</summary>
internal sealed record AuthChallenge(string Scheme, string? Realm, string? Service, ScopeSet Scopes)
{
    /// <summary>The host answered the ping without asking for credentials.</summary>
    public static readonly AuthChallenge None = new("none", null, null, ScopeSet.Empty);

    public bool IsBasic => string.Equals(Scheme, "basic", StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => string.Equals(Scheme, "bearer", StringComparison.OrdinalIgnoreCase) && Realm is not null;

    public bool IsSameKind(AuthChallenge other) =>
        string.Equals(Scheme, other.Scheme, StringComparison.OrdinalIgnoreCase)
        && Realm == other.Realm
        && Service == other.Service;

    /// <summary>The first Bearer or Basic challenge of a response, or null.</summary>
    public static AuthChallenge? From(HttpResponseMessage response)
    {
        AuthChallenge? basic = null;
        foreach (var header in response.Headers.WwwAuthenticate)
        {
            var challenge = Parse(header);
            if (challenge.IsBearer)
            {
                return challenge;
            }

            basic ??= challenge.IsBasic ? challenge : null;
        }

        return basic;
    }

    private static AuthChallenge Parse(AuthenticationHeaderValue header)
    {
        var parameters = ParseParameters(header.Parameter ?? string.Empty);
        parameters.TryGetValue("realm", out var realm);
        parameters.TryGetValue("service", out var service);
        parameters.TryGetValue("scope", out var scope);
        return new AuthChallenge(header.Scheme.ToLowerInvariant(), realm, service, ScopeSet.Parse(scope));
    }

    /// <summary>RFC 7235 auth-params: <c>key=token</c> or <c>key="quoted, string"</c>, comma separated.</summary>
    private static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var key = text[keyStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            var value = new System.Text.StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                }

                i++;
            }
            else
            {
                for (; i < text.Length && text[i] != ','; i++)
                {
                    value.Append(text[i]);
                }
            }

            if (key.Length > 0)
            {
                result[key] = value.ToString().Trim();
            }
        }

        return result;
    }
}
