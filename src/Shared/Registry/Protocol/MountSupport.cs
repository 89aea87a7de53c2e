using System.Collections.Concurrent;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// The registries that have honoured a cross-repository mount (answered 201) since this client started. Only those
/// get a mount probe instead of a HEAD: a registry that ignores mounts would answer every probe with a new upload
/// session, and a blob it already holds would be uploaded again.
/// </summary>
internal sealed class MountSupport
{
    private readonly ConcurrentDictionary<string, bool> _honoured = new(StringComparer.OrdinalIgnoreCase);

    public bool Honoured(string registry) => _honoured.ContainsKey(registry);

    public void RecordHonoured(string registry) => _honoured.TryAdd(registry, true);
}
