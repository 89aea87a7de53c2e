using Mono.Cecil;

namespace FluxMirror.Tests.Unit.Architecture;

/// <summary>
/// Which namespace uses which, read from the compiled IL (signatures, attributes and method bodies), so a dependency
/// hidden in a method body or a generic argument counts as much as a <c>using</c>.
/// </summary>
public sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>Namespace → namespaces it uses → one example "Type → Type" that proves the edge.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    public static NamespaceGraph Read(IEnumerable<string> assemblyPaths, Func<string, bool> isOurs)
    {
        var graph = new NamespaceGraph();
        foreach (var path in assemblyPaths)
        {
            using var assembly = AssemblyDefinition.ReadAssembly(path);
            foreach (var type in assembly.MainModule.GetTypes())
            {
                var from = NamespaceOf(type);
                if (from.Length == 0 || !isOurs(from))
                {
                    continue;
                }

                foreach (var used in UsedTypes(type))
                {
                    var to = NamespaceOf(used);
                    if (to != from && isOurs(to))
                    {
                        graph.Add(from, to, $"{type.FullName} uses {used.FullName}");
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>Every strongly connected group of more than one namespace, each with the edges that close it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in _edges.GetValueOrDefault(v)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!indices.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == indices[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);

                if (group.Count > 1)
                {
                    var members = group.ToHashSet();
                    cycles.Add([.. group.SelectMany(a => _edges[a].Where(e => members.Contains(e.Key)).Select(e => $"{a} -> {e.Key} ({e.Value})")).Order()]);
                }
            }
        }

        foreach (var node in _edges.Keys.Order())
        {
            if (!indices.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    private void Add(string from, string to, string example)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        targets.TryAdd(to, example);
        _edges.TryAdd(to, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>Nested and compiler-generated types belong to the namespace of their outermost declaring type.</summary>
    private static string NamespaceOf(TypeReference type)
    {
        while (type is TypeSpecification spec)
        {
            type = spec.ElementType;
        }

        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            foreach (var t in Expand(type.BaseType))
            {
                yield return t;
            }
        }

        foreach (var t in type.Interfaces.SelectMany(i => Expand(i.InterfaceType))
                     .Concat(Attributes(type.CustomAttributes))
                     .Concat(type.Fields.SelectMany(f => Expand(f.FieldType).Concat(Attributes(f.CustomAttributes))))
                     .Concat(type.Properties.SelectMany(p => Expand(p.PropertyType).Concat(Attributes(p.CustomAttributes))))
                     .Concat(type.Events.SelectMany(e => Expand(e.EventType)))
                     .Concat(type.Methods.SelectMany(MethodTypes)))
        {
            yield return t;
        }
    }

    private static IEnumerable<TypeReference> MethodTypes(MethodDefinition method)
    {
        foreach (var t in Expand(method.ReturnType)
                     .Concat(method.Parameters.SelectMany(p => Expand(p.ParameterType)))
                     .Concat(Attributes(method.CustomAttributes)))
        {
            yield return t;
        }

        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var variable in method.Body.Variables)
        {
            foreach (var t in Expand(variable.VariableType))
            {
                yield return t;
            }
        }

        foreach (var instruction in method.Body.Instructions)
        {
            var used = instruction.Operand switch
            {
                TypeReference t => Expand(t),
                MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType))
                    .Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType)))
                    .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
                FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
                _ => [],
            };
            foreach (var t in used)
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> Attributes(IEnumerable<CustomAttribute> attributes) =>
        attributes.SelectMany(a => Expand(a.AttributeType));

    /// <summary>A type and every type inside it: generic arguments, array and pointer element types.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        if (type is null || type is GenericParameter)
        {
            yield break;
        }

        yield return type;
        switch (type)
        {
            case GenericInstanceType generic:
                foreach (var t in generic.ElementType is { } e ? Expand(e) : [])
                {
                    yield return t;
                }

                foreach (var t in generic.GenericArguments.SelectMany(Expand))
                {
                    yield return t;
                }

                break;
            case TypeSpecification spec:
                foreach (var t in Expand(spec.ElementType))
                {
                    yield return t;
                }

                break;
        }
    }
}
