using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>Builds a job's <see cref="ITrustedRootSource"/> from its <see cref="SigstoreOptions"/>.</summary>
public static class TrustedRootSources
{
    /// <summary>The TUF target holding the trusted root, as sigstore-go names it.</summary>
    public const string TrustedRootTarget = "trusted_root.json";

    /// <summary>
    /// Given bytes are used as they are (no network). Otherwise the root is fetched through TUF on first use: the
    /// public-good repository, or <see cref="SigstoreOptions.TufUrl"/> trusted from
    /// <see cref="SigstoreOptions.TufInitialRoot"/>. <paramref name="http"/> is only used for TUF.
    /// </summary>
    public static ITrustedRootSource From(SigstoreOptions options, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TrustedRootJson is { } json
            ? new FixedTrustedRootSource(json)
            : new FetchedTrustedRootSource(ct => TufTrustedRoot.FetchAsync(options, http, time, ct));
    }

    /// <summary>Parses trusted-root JSON, failing with the reference's <c>parse trusted root: …</c>.</summary>
    internal static TrustedRoot Parse(byte[] json)
    {
        try
        {
            return TrustedRootJson.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new CosignVerificationException($"parse trusted root: {ex.Message}", ex);
        }
    }
}
