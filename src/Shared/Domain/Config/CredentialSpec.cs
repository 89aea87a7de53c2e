namespace FluxMirror.Domain.Config;

/// <summary>Which token source a credential uses (validation guarantees exactly one).</summary>
public enum CredentialSource
{
    None,
    Provider,
    Value,
    FromPath,
    JwkPath,
    JwkValue,
}

/// <summary>The HTTP-layer registry credential of a host. <see cref="Value"/> and <see cref="JwkValue"/> are secrets:
/// <see cref="ToString"/> never prints them.</summary>
public sealed record CredentialSpec(
    string? Provider = null,
    string? Value = null,
    string? FromPath = null,
    string? JwkPath = null,
    string? JwkValue = null,
    string? Iss = null,
    string? Sub = null,
    string? Aud = null,
    TimeSpan? Exp = null)
{
    public static readonly TimeSpan DefaultExp = TimeSpan.FromSeconds(60);

    public const string ProviderGitHub = "github";
    public const string ProviderForgejo = "forgejo";
    public const string ProviderGcp = "gcp";
    public const string ProviderAzure = "azure";
    public const string ProviderAws = "aws";
    public const string ProviderJwtSvid = "jwt-svid";

    /// <summary>The audience claim: <see cref="Aud"/> or, when blank, the host.</summary>
    public string EffectiveAud(string host) => string.IsNullOrWhiteSpace(Aud) ? host : Aud;

    public TimeSpan EffectiveExp => Exp ?? DefaultExp;

    public CredentialSource Source =>
        !string.IsNullOrWhiteSpace(Provider) ? CredentialSource.Provider
        : !string.IsNullOrWhiteSpace(Value) ? CredentialSource.Value
        : !string.IsNullOrWhiteSpace(FromPath) ? CredentialSource.FromPath
        : !string.IsNullOrWhiteSpace(JwkPath) ? CredentialSource.JwkPath
        : !string.IsNullOrWhiteSpace(JwkValue) ? CredentialSource.JwkValue
        : CredentialSource.None;

    public override string ToString() =>
        $"CredentialSpec {{ Provider = {Provider}, Value = {Redaction.Mask(Value)}, FromPath = {FromPath}, " +
        $"JwkPath = {JwkPath}, JwkValue = {Redaction.Mask(JwkValue)}, Iss = {Iss}, Sub = {Sub}, Aud = {Aud}, Exp = {Exp} }}";
}
