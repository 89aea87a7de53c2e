using System.Text.RegularExpressions;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// Turns an Azure SDK failure message into the one line a user sees. DefaultAzureCredential aggregates one line per
/// credential it tried (and MSAL adds trace and correlation ids), so the lines are joined with "; " after dropping
/// blanks and pointers to troubleshooting guides. Anything shaped like a JWT, and the configured client secret, are
/// masked: Entra and ACR echo parts of requests in their errors, and no token may reach a log.
/// </summary>
public static partial class AzureErrorText
{
    /// <summary>Longer messages are cut: a misbehaving endpoint could otherwise fill a log with one error.</summary>
    public const int MaxLength = 1000;

    public static string OneLine(string? message, string? secret = null)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "unknown error";
        }

        var parts = Lines(message)
            .Select(line => GuidePointer().Replace(line.TrimStart('-', ' '), "").Trim().TrimEnd('.', ';', ' '))
            .Where(line => line.Length > 0 && !IsNoise(line));
        var text = Whitespace().Replace(string.Join("; ", parts), " ");
        text = Jwt().Replace(text, "(redacted)");
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
        {
            text = text.Replace(secret, "(redacted)", StringComparison.Ordinal);
        }

        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
    }

    // Azure.Core's RequestFailedException appends "Content:" and "Headers:" dumps of the response; the status line
    // says enough, so a dump is skipped up to the next "- " item of the chain's aggregate.
    private static IEnumerable<string> Lines(string message)
    {
        var inDump = false;
        foreach (var raw in message.Split('\n'))
        {
            var line = raw.Trim();
            if (line is "Content:" or "Headers:")
            {
                inDump = true;
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                inDump = false;
            }

            if (!inDump && line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static bool IsNoise(string line) =>
        line.StartsWith("See the troubleshooting guide", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("https://aka.ms/", StringComparison.OrdinalIgnoreCase)
        || line.All(c => c is '-' or '=');

    [GeneratedRegex(@"\s*See the troubleshooting guide for more information\.?(\s*https://aka\.ms/[^\s;]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex GuidePointer();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
