using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Selection;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>Semantic validation of a config (no I/O), rule for rule and message for message like the reference:
/// apiVersion, kind, entries, hosts in order, charts, artifacts; the first error wins and nested errors carry
/// composed prefixes (<c>hosts[0]: credential: ...</c>). Blank (whitespace-only) strings count as unset.
/// Regex and semver checks go through the selector engine so validation and selection cannot disagree.</summary>
public static class ConfigValidator
{
    /// <summary>Throws <see cref="ConfigException"/> with the first problem.</summary>
    public static void Validate(MirrorConfig config, bool requireEntries)
    {
        if (!TryValidate(config, requireEntries, out var error))
        {
            throw new ConfigException(error);
        }
    }

    public static bool TryValidate(MirrorConfig config, bool requireEntries, out string error)
    {
        error = FirstError(config, requireEntries) ?? "";
        return error.Length == 0;
    }

    private static string? FirstError(MirrorConfig config, bool requireEntries)
    {
        if (config.ApiVersion != MirrorConfig.SupportedApiVersion)
        {
            return $"apiVersion must be {GoQuote.Quote(MirrorConfig.SupportedApiVersion)}, got {GoQuote.Quote(config.ApiVersion)}";
        }

        if (config.Kind != MirrorConfig.ConfigKind)
        {
            return $"kind must be {GoQuote.Quote(MirrorConfig.ConfigKind)}, got {GoQuote.Quote(config.Kind)}";
        }

        if (requireEntries && config.Charts.Count == 0 && config.Artifacts.Count == 0)
        {
            return "config has no entries: at least one of 'charts' or 'artifacts' must be set";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Hosts.Count; i++)
        {
            var host = config.Hosts[i];
            if (HostValidator.Validate(host) is { } hostError)
            {
                return $"hosts[{i}]: {hostError}";
            }

            if (!seen.Add(host.Host))
            {
                return $"hosts[{i}]: host {GoQuote.Quote(host.Host)} is configured more than once";
            }
        }

        for (var i = 0; i < config.Charts.Count; i++)
        {
            if (ValidateChart(config.Charts[i]) is { } chartError)
            {
                return $"charts[{i}]: {chartError}";
            }
        }

        for (var i = 0; i < config.Artifacts.Count; i++)
        {
            if (ValidateArtifact(config.Artifacts[i]) is { } artifactError)
            {
                return $"artifacts[{i}]: {artifactError}";
            }
        }

        return null;
    }

    private static string? ValidateChart(ChartEntry chart)
    {
        if (Blank(chart.Name))
        {
            return "name is required";
        }

        if (ChartUrls.CheckSource(chart.Source) is { } sourceError)
        {
            return "source: " + sourceError;
        }

        if (ChartUrls.CheckDestination(chart.Destination) is { } destinationError)
        {
            return "destination: " + destinationError;
        }

        if (!SemverConstraint.TryParse(chart.EffectiveVersion, out _, out var semverError))
        {
            return $"version {GoQuote.Quote(chart.EffectiveVersion)} is not a valid semver constraint: {semverError}";
        }

        return chart.Limit < 0 ? "limit must be >= 0 (0 = unlimited)" : null;
    }

    private static string? ValidateArtifact(ArtifactEntry artifact)
    {
        if (!OciRepositoryName.TryParse(artifact.Source, out _, out _, out var sourceError))
        {
            return $"source {GoQuote.Quote(artifact.Source)} is not a valid OCI repository: {sourceError}";
        }

        if (!OciRepositoryName.TryParse(artifact.Destination, out _, out _, out var destinationError))
        {
            return $"destination {GoQuote.Quote(artifact.Destination)} is not a valid OCI repository: {destinationError}";
        }

        if (ValidateSelector(artifact.Selector, artifact.SortByText) is { } selectorError)
        {
            return "selector: " + selectorError;
        }

        return artifact.Verify is not null && ValidateVerify(artifact.Verify) is { } verifyError ? "verify: " + verifyError : null;
    }

    private static string? ValidateSelector(SelectorSpec selector, string? sortByText)
    {
        if (selector.Regex is not null)
        {
            if (Blank(selector.Regex.Pattern))
            {
                return "regex.pattern is required when regex is set";
            }

            if (!Re2Regex.TryCompile(selector.Regex.Pattern, out _, out var regexError))
            {
                return $"regex.pattern {GoQuote.Quote(selector.Regex.Pattern)} does not compile: {regexError}";
            }
        }

        if (!Blank(selector.Semver) && !SemverConstraint.TryParse(selector.Semver!, out _, out var semverError))
        {
            return $"semver {GoQuote.Quote(selector.Semver)} is not a valid constraint: {semverError}";
        }

        if (ConfigMapper.ParseSortOrder(sortByText) is null)
        {
            return $"sortBy {GoQuote.Quote(sortByText)} must be one of: semver, alphabetical, numerical";
        }

        return selector.Limit < 0 ? "limit must be >= 0 (0 = unlimited)" : null;
    }

    private static string? ValidateVerify(VerifySpec verify)
    {
        if (verify.Provider.Trim() != VerifySpec.ProviderCosign)
        {
            return $"provider {GoQuote.Quote(verify.Provider)} must be {GoQuote.Quote(VerifySpec.ProviderCosign)}";
        }

        if (verify.MatchOidcIdentity.Count == 0)
        {
            return "matchOIDCIdentity must contain at least one identity";
        }

        if (verify.MinAge < TimeSpan.Zero)
        {
            return "minAge must be >= 0";
        }

        for (var i = 0; i < verify.MatchOidcIdentity.Count; i++)
        {
            var identity = verify.MatchOidcIdentity[i];
            if (Blank(identity.Issuer))
            {
                return $"matchOIDCIdentity[{i}].issuer is required";
            }

            if (Blank(identity.Subject))
            {
                return $"matchOIDCIdentity[{i}].subject is required";
            }

            if (!Re2Regex.TryCompile(identity.Subject, out _, out var subjectError))
            {
                return $"matchOIDCIdentity[{i}].subject {GoQuote.Quote(identity.Subject)} does not compile: {subjectError}";
            }
        }

        return null;
    }

    internal static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
