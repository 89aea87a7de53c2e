using System.Collections;

namespace FluxMirror.TestSupport.Aws;

/// <summary>
/// The environment of a CLI child in a cloud test: every ambient cloud variable of the test process (AWS_*, AZURE_*,
/// GOOGLE_*, ACTIONS_*, SPIFFE_*) removed so a developer's setup never leaks in, the EC2 metadata service disabled so
/// the AWS chain cannot wait on 169.254.169.254, then the test's own settings.
/// </summary>
public static class AwsChildEnvironment
{
    private static readonly string[] AmbientPrefixes = ["AWS_", "AZURE_", "GOOGLE_", "ACTIONS_", "SPIFFE_"];

    public static Dictionary<string, string?> Of(params IEnumerable<KeyValuePair<string, string?>>[] settings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (AmbientPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                environment[name] = null;
            }
        }

        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var set in settings)
        {
            foreach (var (name, value) in set)
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}
