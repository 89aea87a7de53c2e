using System.Collections;

namespace FluxMirror.TestSupport.Tokens;

/// <summary>The environment of a CLI child in credential tests: ambient cloud and CI identity variables of the developer's
/// machine are unset, so only what a test sets reaches the child.</summary>
public static class CiEnvironment
{
    private static readonly string[] AmbientPrefixes = ["ACTIONS_", "AWS_", "AZURE_", "GOOGLE_", "SPIFFE_"];

    public static Dictionary<string, string?> With(IDictionary<string, string?>? set = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (AmbientPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                env[name] = null;
            }
        }

        foreach (var (name, value) in set ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }
}
