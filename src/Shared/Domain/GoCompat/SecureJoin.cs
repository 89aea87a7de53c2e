namespace FluxMirror.Domain.GoCompat;

/// <summary>cyphar/filepath-securejoin's <c>SecureJoin</c>: joins an untrusted path under a root so the result can
/// never leave it — absolute paths are re-rooted, <c>..</c> stops at the root, and symlinks met on the way are
/// followed as if the root were <c>/</c>. Components that do not exist are appended as written.</summary>
public static class SecureJoin
{
    private const int MaxSymlinks = 255;

    public static string Join(string root, string unsafePath)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var resolved = new List<string>();
        var pending = new Queue<string>(Split(unsafePath));
        var linksFollowed = 0;
        while (pending.Count > 0)
        {
            var component = pending.Dequeue();
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Combine(fullRoot, [.. resolved, component]);
            var target = ReadLink(candidate);
            if (target is null)
            {
                resolved.Add(component);
                continue;
            }

            if (++linksFollowed > MaxSymlinks)
            {
                throw new IOException($"SecureJoin {Combine(fullRoot, [unsafePath])}: too many levels of symbolic links");
            }

            if (Path.IsPathRooted(target))
            {
                resolved.Clear();
            }

            // The link target replaces the component and is walked before whatever followed it.
            pending = new Queue<string>(Split(target).Concat(pending));
        }

        return Combine(fullRoot, resolved);
    }

    private static string? ReadLink(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable or missing components are kept as written, like the reference.
            return null;
        }
    }

    private static IEnumerable<string> Split(string path) => path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    private static string Combine(string root, IEnumerable<string> components)
    {
        var tail = string.Join(Path.DirectorySeparatorChar, components);
        return tail.Length == 0 ? root : root + Path.DirectorySeparatorChar + tail;
    }
}
