using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>Rules for <c>hosts[].tls</c> (messages without the <c>tls: </c> prefix).</summary>
internal static class TlsValidator
{
    public static string? Validate(TlsSpec tls)
    {
        if (tls.ServerAuth is null && tls.ClientAuth is null)
        {
            return "one of serverAuth or clientAuth is required";
        }

        if (tls.ServerAuth is not null && ValidateServerAuth(tls.ServerAuth) is { } serverError)
        {
            return "serverAuth: " + serverError;
        }

        return tls.ClientAuth is not null && ValidateClientAuth(tls.ClientAuth) is { } clientError ? "clientAuth: " + clientError : null;
    }

    private static string? ValidateServerAuth(ServerAuthSpec s)
    {
        if (CountSet(!Blank(s.FromPath), !Blank(s.Value), s.Spiffe is not null) != 1)
        {
            return "exactly one of fromPath, value, or spiffe must be set";
        }

        return s.Spiffe is not null && ValidateSpiffe(s.Spiffe) is { } spiffeError ? "spiffe: " + spiffeError : null;
    }

    private static string? ValidateSpiffe(SpiffeServerAuthSpec s)
    {
        var serverId = s.ServerId?.Trim() ?? "";
        var trustDomain = s.TrustDomain?.Trim() ?? "";
        if (CountSet(serverId.Length > 0, trustDomain.Length > 0, s.AuthorizeAny) != 1)
        {
            return "exactly one of serverID, trustDomain, or authorizeAny must be set";
        }

        if (serverId.Length > 0 && !SpiffeId.TryValidateId(serverId, out var idError))
        {
            return $"serverID {GoQuote.Quote(serverId)} is not a valid SPIFFE ID: {idError}";
        }

        if (trustDomain.Length > 0 && trustDomain != SpiffeServerAuthSpec.TrustDomainSelf
            && !SpiffeId.TryValidateTrustDomain(trustDomain, out var domainError))
        {
            return $"trustDomain {GoQuote.Quote(trustDomain)} is not valid: {domainError}";
        }

        return null;
    }

    private static string? ValidateClientAuth(ClientAuthSpec c)
    {
        var provider = c.Provider?.Trim() ?? "";
        if (provider.Length > 0 && (c.Certificate is not null || c.Key is not null))
        {
            return "provider is mutually exclusive with certificate and key";
        }

        if (provider.Length > 0)
        {
            return provider == ClientAuthSpec.ProviderX509Svid
                ? null
                : $"provider {GoQuote.Quote(provider)} must be {GoQuote.Quote(ClientAuthSpec.ProviderX509Svid)}";
        }

        if (c.Certificate is null)
        {
            return "certificate is required";
        }

        if (CountSet(!Blank(c.Certificate.FromPath), !Blank(c.Certificate.Value)) != 1)
        {
            return "certificate: exactly one of fromPath or value must be set";
        }

        if (c.Key is null)
        {
            return "key is required";
        }

        return CountSet(!Blank(c.Key.FromPath), !Blank(c.Key.Value)) != 1 ? "key: exactly one of fromPath or value must be set" : null;
    }

    private static int CountSet(params bool[] conditions) => conditions.Count(set => set);

    private static bool Blank(string? value) => ConfigValidator.Blank(value);
}
