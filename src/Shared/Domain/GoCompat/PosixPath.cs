namespace FluxMirror.Domain.GoCompat;

/// <summary>Go's <c>path.Clean</c>: lexical clean-up of a slash-separated path ("" becomes ".", "a/../.." becomes "..").</summary>
internal static class PosixPath
{
    public static string Clean(string path)
    {
        var rooted = path.StartsWith('/');
        var kept = new List<string>();
        foreach (var element in path.Split('/'))
        {
            switch (element)
            {
                case "" or ".":
                    break;
                case ".." when kept.Count > 0 && kept[^1] != "..":
                    kept.RemoveAt(kept.Count - 1);
                    break;
                case "..":
                    if (!rooted)
                    {
                        kept.Add(element);
                    }

                    break;
                default:
                    kept.Add(element);
                    break;
            }
        }

        var joined = string.Join('/', kept);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
