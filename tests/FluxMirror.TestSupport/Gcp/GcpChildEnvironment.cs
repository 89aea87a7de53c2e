using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>
/// The environment of a CLI child in a Google test: every ambient cloud variable of the developer unset, the metadata
/// server pointed at a closed loopback port unless a fake is given (so the library's probe fails at once instead of
/// waiting on 169.254.169.254), and HTTPS to anywhere but loopback sent to a closed proxy, so nothing reaches Google.
/// </summary>
public static class GcpChildEnvironment
{
    private static readonly string[] Ambient =
    [
        "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_QUOTA_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CONFIG",
        "GCE_METADATA_HOST", "GCE_METADATA_IP", "GCE_METADATA_ROOT", "HTTP_PROXY", "http_proxy", "https_proxy", "no_proxy",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST",
        "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SPIFFE_ENDPOINT_SOCKET",
    ];

    public static Dictionary<string, string?> Create(string? metadataHost = null, string? credentialsFile = null)
    {
        var environment = Ambient.ToDictionary(name => name, _ => (string?)null);
        var closed = $"127.0.0.1:{FreePort.Next()}";
        environment["GCE_METADATA_HOST"] = metadataHost ?? closed;
        environment["GOOGLE_APPLICATION_CREDENTIALS"] = credentialsFile;
        environment["HTTPS_PROXY"] = $"http://{closed}";
        environment["NO_PROXY"] = "127.0.0.1,localhost";
        return environment;
    }
}
