using Amazon.Runtime.CredentialManagement;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// The AWS settings the SDKs read from the environment and the shared config files: the profile (<c>AWS_PROFILE</c>),
/// the region (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then the profile's <c>region</c>), FIPS endpoints and
/// endpoint overrides (<c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> before <c>AWS_ENDPOINT_URL</c>, both ignored under
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>). The instance metadata service is never asked for a region, as
/// the Go SDK's <c>LoadDefaultConfig</c> does not ask it either.
/// </summary>
public sealed class AwsEnvironment
{
    private const string DefaultProfile = "default";
    private readonly Func<string, string?> _variable;
    private readonly Func<string, AwsProfile?> _profile;

    /// <param name="variable">Reads an environment variable (the process environment by default).</param>
    /// <param name="profile">Finds a profile in the shared config and credentials files (the SDK's profile store by default).</param>
    public AwsEnvironment(Func<string, string?>? variable = null, Func<string, AwsProfile?>? profile = null)
    {
        _variable = variable ?? Environment.GetEnvironmentVariable;
        _profile = profile ?? SharedProfile;
    }

    public static AwsEnvironment Process { get; } = new();

    /// <summary>The profile named by <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    public string ProfileName => Variable("AWS_PROFILE") ?? DefaultProfile;

    public bool UseFipsEndpoint => string.Equals(Variable("AWS_USE_FIPS_ENDPOINT"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The configured region, or null. A profile named explicitly by <c>AWS_PROFILE</c> must exist, as the Go SDK
    /// refuses to load a config for a missing one (<c>failed to get shared config profile, &lt;name&gt;</c>).
    /// </summary>
    public string? ResolveRegion()
    {
        var profile = LoadProfile();
        return Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? NonBlank(profile?.Region);
    }

    /// <summary>The endpoint configured for one service (its SDK id, e.g. <c>ECR</c>, <c>ECR_PUBLIC</c>, <c>STS</c>), or null.</summary>
    public Uri? EndpointOverride(string serviceId)
    {
        if (string.Equals(Variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var configured = Variable("AWS_ENDPOINT_URL_" + serviceId) ?? Variable("AWS_ENDPOINT_URL");
        if (configured is null)
        {
            return null;
        }

        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new CredentialException($"invalid endpoint URL {Registry.Model.GoQuote.Quote(configured)} for AWS service {serviceId}");
    }

    private static AwsProfile? SharedProfile(string name) =>
        new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? new AwsProfile(name, profile.Region?.SystemName) : null;

    private AwsProfile? LoadProfile()
    {
        var explicitProfile = Variable("AWS_PROFILE");
        if (_profile(ProfileName) is { } profile)
        {
            return profile;
        }

        return explicitProfile is null
            ? null
            : throw new CredentialException($"failed to get shared config profile, {explicitProfile}");
    }

    private string? Variable(string name) => NonBlank(_variable(name));

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
