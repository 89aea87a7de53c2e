namespace FluxMirror.Registry.Transport;

/// <summary>
/// An immutable set of token scopes (<c>repository:&lt;name&gt;:pull,push</c>), merged per resource so that
/// <c>pull</c> and <c>push</c> on the same repository become one scope. Equal sets have equal <see cref="Key"/>s.
/// </summary>
internal sealed class ScopeSet : IEquatable<ScopeSet>
{
    private static readonly string[] ActionOrder = ["pull", "push", "delete", "*"];

    private readonly SortedDictionary<string, SortedSet<string>> _resources;

    private ScopeSet(SortedDictionary<string, SortedSet<string>> resources)
    {
        _resources = resources;
        Scopes = resources.Select(r => $"{r.Key}:{string.Join(',', r.Value.OrderBy(ActionRank).ThenBy(a => a, StringComparer.Ordinal))}").ToArray();
        Key = string.Join(' ', Scopes);
    }

    public static ScopeSet Empty { get; } = new(new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal));

    /// <summary>The scope strings, as sent in token requests (one <c>scope=</c> parameter each).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>A canonical string form, usable as a cache key.</summary>
    public string Key { get; }

    public bool IsEmpty => Scopes.Count == 0;

    public static ScopeSet Pull(string repository) => Of(repository, "pull");

    public static ScopeSet Push(string repository) => Of(repository, "pull", "push");

    public static ScopeSet Of(string repository, params string[] actions) => Empty.With($"repository:{repository}", actions);

    /// <summary>Parses a space-separated scope list as found in a WWW-Authenticate challenge.</summary>
    public static ScopeSet Parse(string? scopes)
    {
        var result = Empty;
        foreach (var scope in (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var lastColon = scope.LastIndexOf(':');
            if (lastColon <= 0)
            {
                continue;
            }

            result = result.With(scope[..lastColon], scope[(lastColon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }

        return result;
    }

    public ScopeSet Union(ScopeSet other)
    {
        var result = this;
        foreach (var (resource, actions) in other._resources)
        {
            result = result.With(resource, actions);
        }

        return result;
    }

    /// <summary>True when every action of <paramref name="other"/> is already in this set.</summary>
    public bool Covers(ScopeSet other) => Union(other).Equals(this);

    public bool Equals(ScopeSet? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as ScopeSet);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;

    private static int ActionRank(string action)
    {
        var index = Array.IndexOf(ActionOrder, action);
        return index < 0 ? ActionOrder.Length : index;
    }

    private ScopeSet With(string resource, IEnumerable<string> actions)
    {
        var copy = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in _resources)
        {
            copy[key] = new SortedSet<string>(value, StringComparer.Ordinal);
        }

        if (!copy.TryGetValue(resource, out var set))
        {
            copy[resource] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.UnionWith(actions);
        return new ScopeSet(copy);
    }
}
