using System.Text;

namespace FluxMirror.Registry.Model;

/// <summary>
/// Renders URLs for messages: no user-info, and values of query parameters that may carry signatures or tokens
/// (pre-signed storage redirects) replaced, so that error text can never leak a credential.
/// </summary>
public static class UrlRedaction
{
    private static readonly string[] SensitiveParameterFragments = ["sig", "token", "credential", "key", "auth", "secret", "password"];

    public static string ForDisplay(Uri uri)
    {
        var builder = new StringBuilder();
        builder.Append(uri.Scheme).Append("://").Append(uri.Authority).Append(uri.AbsolutePath);
        var query = uri.Query;
        if (query.Length > 1)
        {
            builder.Append('?');
            var first = true;
            foreach (var pair in query[1..].Split('&'))
            {
                if (!first)
                {
                    builder.Append('&');
                }

                first = false;
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? pair : pair[..eq];
                builder.Append(eq >= 0 && IsSensitive(name) ? name + "=REDACTED" : pair);
            }
        }

        return builder.ToString();
    }

    private static bool IsSensitive(string name) =>
        SensitiveParameterFragments.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));
}
