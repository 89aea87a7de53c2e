using Azure.Core;
using Azure.Identity;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// The credential chain both Azure features use: the reference's Go DefaultAzureCredential sources (environment,
/// workload identity, managed identity, Azure CLI, Azure Developer CLI), configured only by the SDK's standard
/// environment variables (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_FEDERATED_TOKEN_FILE,
/// AZURE_AUTHORITY_HOST, IDENTITY_ENDPOINT, …). The .NET-only sources (Visual Studio, VS Code, PowerShell, broker,
/// interactive browser) stay out: a mirror job must not pick up a desktop login the reference would not see.
/// </summary>
public static class AzureCredentials
{
    /// <summary>Per HTTP try; the SDK retries a few times with backoff, all inside <see cref="EntraTokens.Timeout"/>.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(30);

    /// <summary>For <c>az account get-access-token</c> and <c>azd auth token</c>.</summary>
    public static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The environment's client secret, masked in error messages should Entra echo it.</summary>
    internal static string? ClientSecret => Environment.GetEnvironmentVariable("AZURE_CLIENT_SECRET");

    public static TokenCredential CreateDefault()
    {
        var options = new DefaultAzureCredentialOptions
        {
            ExcludeVisualStudioCredential = true,
            ExcludeVisualStudioCodeCredential = true,
            ExcludeAzurePowerShellCredential = true,
            ExcludeInteractiveBrowserCredential = true,
            ExcludeBrokerCredential = true,
            CredentialProcessTimeout = ProcessTimeout,
        };
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        options.Retry.NetworkTimeout = NetworkTimeout;
        return new DefaultAzureCredential(options);
    }
}
