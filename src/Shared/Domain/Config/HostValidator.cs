using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>Rules for one <c>hosts[]</c> entry, its credential and its TLS block (messages without the
/// <c>hosts[i]: </c> prefix, which <see cref="ConfigValidator"/> adds).</summary>
internal static class HostValidator
{
    private static readonly string[] RegistryProviders = [HostEntry.ProviderEcr, HostEntry.ProviderAcr, HostEntry.ProviderGar];

    private static readonly string[] TokenProviders =
    [
        CredentialSpec.ProviderGitHub, CredentialSpec.ProviderForgejo, CredentialSpec.ProviderGcp,
        CredentialSpec.ProviderAzure, CredentialSpec.ProviderAws, CredentialSpec.ProviderJwtSvid,
    ];

    public static string? Validate(HostEntry host)
    {
        if (Blank(host.Host))
        {
            return "host is required";
        }

        var provider = host.Provider?.Trim() ?? "";
        if (!Blank(host.Username) && host.Credential is null)
        {
            return "username requires credential";
        }

        if (host.Credential is not null && provider.Length > 0)
        {
            return "credential and provider are mutually exclusive";
        }

        if (provider.Length > 0 && host.Tls is not null)
        {
            return "provider and tls are mutually exclusive";
        }

        if (host.Credential is not null && ValidateCredential(host.Credential) is { } credentialError)
        {
            return "credential: " + credentialError;
        }

        if (provider.Length > 0 && !RegistryProviders.Contains(provider))
        {
            return $"provider {GoQuote.Quote(provider)} must be one of: {string.Join(", ", RegistryProviders)}";
        }

        if (host.Tls is not null && TlsValidator.Validate(host.Tls) is { } tlsError)
        {
            return "tls: " + tlsError;
        }

        if (host.EffectiveMaxChunkSize < 0)
        {
            return "maxChunkSize must be >= 0 (0 disables chunking)";
        }

        return host.Credential is null && provider.Length == 0 && host.Tls is null && host.EffectiveMaxChunkSize == 0
            ? "one of credential, provider, tls, or maxChunkSize is required"
            : null;
    }

    private static string? ValidateCredential(CredentialSpec c)
    {
        var provider = c.Provider?.Trim() ?? "";
        var signed = !Blank(c.JwkPath) || !Blank(c.JwkValue);
        var sources = new[] { provider.Length > 0, !Blank(c.Value), !Blank(c.FromPath), !Blank(c.JwkPath), !Blank(c.JwkValue) };
        if (sources.Count(set => set) != 1)
        {
            return "exactly one of provider, value, fromPath, jwkPath, or jwkValue must be set";
        }

        var hasIssOrSub = !Blank(c.Iss) || !Blank(c.Sub);
        if (signed)
        {
            return Blank(c.Iss) ? "iss is required with jwkPath or jwkValue"
                : Blank(c.Sub) ? "sub is required with jwkPath or jwkValue"
                : c.Exp <= TimeSpan.Zero ? "exp must be a positive duration"
                : null;
        }

        if (provider.Length > 0 && !TokenProviders.Contains(provider))
        {
            return $"provider {GoQuote.Quote(provider)} must be one of: {string.Join(", ", TokenProviders)}";
        }

        if (hasIssOrSub)
        {
            return "iss and sub can only be set with jwkPath or jwkValue";
        }

        if (provider.Length == 0 && !Blank(c.Aud))
        {
            return "aud can only be set with jwkPath, jwkValue, or provider";
        }

        return c.Exp is not null ? "exp can only be set with jwkPath or jwkValue" : null;
    }

    private static bool Blank(string? value) => ConfigValidator.Blank(value);
}
