namespace FluxMirror.Registry.Protocol;

/// <summary>RFC 5988 <c>Link</c> headers, as registries use them for pagination.</summary>
internal static class LinkHeader
{
    /// <summary>The <c>rel="next"</c> target resolved against <paramref name="requestUri"/>, or null.</summary>
    public static Uri? Next(HttpResponseMessage response, Uri requestUri)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..];
                if (IsNext(parameters))
                {
                    return new Uri(requestUri, link[(open + 1)..close]);
                }
            }
        }

        return null;
    }

    private static bool IsNext(string parameters)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(parameter[..eq].Trim(), "rel", StringComparison.OrdinalIgnoreCase))
            {
                var rels = parameter[(eq + 1)..].Trim().Trim('"');
                if (rels.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Splits on commas that are outside of <c>&lt;…&gt;</c> (URLs may contain commas).</summary>
    private static IEnumerable<string> SplitLinks(string value)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<':
                    depth++;
                    break;
                case '>':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return value[start..];
    }
}
