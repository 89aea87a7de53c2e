namespace FluxMirror.Domain.Config;

/// <summary>How secret config values appear in ToString output: presence is shown, content never is.</summary>
internal static class Redaction
{
    public const string Masked = "<redacted>";

    public static string Mask(string? secret) => secret is null ? "" : Masked;
}
