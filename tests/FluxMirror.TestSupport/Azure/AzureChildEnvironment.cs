using System.Collections;

namespace FluxMirror.TestSupport.Azure;

/// <summary>
/// The environment of a CLI child in an Azure test: every ambient cloud variable of the developer's shell nulled, the
/// Azure CLI pointed at an empty profile, and managed identity's IMDS pointed at a loopback stand-in, so a chain
/// that falls through to managed identity never probes the link-local metadata address.
/// </summary>
public static class AzureChildEnvironment
{
    private static readonly string[] AmbientPrefixes = ["AWS_", "AZURE_", "GOOGLE_", "ACTIONS_", "SPIFFE_", "IDENTITY_", "MSI_", "IMDS_", "CLOUDSDK_"];

    public static Dictionary<string, string?> Create(string imdsStandIn, string azureConfigDirectory)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (AmbientPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                env[name] = null;
            }
        }

        env["GOOGLE_APPLICATION_CREDENTIALS"] = null;
        env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = imdsStandIn;
        env["AZURE_CONFIG_DIR"] = azureConfigDirectory;
        return env;
    }
}
