using System.Xml.Linq;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Config;
using FluxMirror.Protocol.Messages;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Schemas;
using NetArchTest.Rules;

namespace FluxMirror.Tests.Unit.Architecture;

/// <summary>
/// One dependency direction: executables → Hosting → Actors → Protocol → Domain → Registry. These tests fail on a namespace
/// cycle, on hosting or actors reaching down into the domain or the registry client, and on a project under src/
/// that references an executable.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The layers, lowest first; an assembly may use only the ones before it.</summary>
    private static readonly string[] Layers = ["FluxMirror.Registry", "FluxMirror.Domain", "FluxMirror.Protocol", "FluxMirror.Actors", "FluxMirror.Hosting"];

    private static readonly string[] Executables = ["flux-mirror", "flux-mirror-worker"];

    private static IEnumerable<string> ProductAssemblyPaths() =>
        Layers.Concat(Executables).Select(name => Path.Combine(AppContext.BaseDirectory, name + ".dll"));

    [Fact]
    public void No_namespace_cycle_anywhere_in_the_product()
    {
        var graph = NamespaceGraph.Read(ProductAssemblyPaths(), ns => ns.StartsWith("FluxMirror.", StringComparison.Ordinal));

        Assert.True(graph.Edges.Count > 20, "the graph was not read: " + graph.Edges.Count + " namespaces");
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n\n", cycles.Select(c => string.Join("\n", c))));
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle()
    {
        // The test assembly's own namespaces: this test's namespace uses TestSupport, which never uses it back, so
        // there is no cycle; a graph over two namespaces that use each other must report one.
        var graph = NamespaceGraph.Read([typeof(CycleProbe.CycleA.UsesB).Assembly.Location], ns => ns.Contains(".CycleProbe.", StringComparison.Ordinal));

        var cycle = Assert.Single(graph.Cycles());
        Assert.Contains(cycle, e => e.StartsWith(typeof(CycleProbe.CycleA.UsesB).Namespace + " -> " + typeof(CycleProbe.CycleB.UsesA).Namespace, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Each_layer_references_only_the_layers_below_it(int layer)
    {
        var assembly = LoadLayer(layer);
        var ours = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("FluxMirror.", StringComparison.Ordinal) || Executables.Contains(n));

        var allowed = Layers.Take(layer).ToHashSet();
        Assert.All(ours, name => Assert.True(allowed.Contains(name), $"{Layers[layer]} references {name}"));
    }

    [Theory]
    [InlineData("FluxMirror.Registry")]
    [InlineData("FluxMirror.Domain")]
    public void The_domain_and_the_registry_client_know_nothing_of_actors_or_hosting(string ns)
    {
        var result = Types.InAssemblies([typeof(Digest).Assembly, typeof(MirrorConfig).Assembly])
            .That().ResideInNamespace(ns)
            .ShouldNot().HaveDependencyOnAny("Akka", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore", "LinqToDB", "Npgsql", "Microsoft.Data.Sqlite")
            .GetResult();

        Assert.True(result.IsSuccessful, "uses hosting: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_protocol_holds_no_actors()
    {
        var result = Types.InAssembly(typeof(IMirrorMessage).Assembly)
            .ShouldNot().Inherit(typeof(Akka.Actor.ActorBase))
            .GetResult();

        Assert.True(result.IsSuccessful, "actors in the protocol: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void No_project_under_src_references_an_executable()
    {
        var src = Path.Combine(RepositoryFiles.RepositoryRoot, "src");
        var projects = Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories).ToList();
        var executables = projects.Where(IsExecutable).Select(Path.GetFullPath).ToHashSet();

        Assert.Equal(2, executables.Count);
        foreach (var project in projects)
        {
            foreach (var reference in ProjectReferences(project))
            {
                Assert.False(executables.Contains(reference), $"{Path.GetRelativePath(src, project)} references the executable {Path.GetRelativePath(src, reference)}");
            }
        }
    }

    [Fact]
    public void Every_actor_lives_in_the_actors_library()
    {
        var outside = Layers.Take(3).Concat(Executables)
            .Select(name => System.Reflection.Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, name + ".dll")))
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(Akka.Actor.ActorBase).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(typeof(Akka.Actor.ActorBase).IsAssignableFrom(typeof(JobCoordinatorActor)));
        Assert.Empty(outside);
    }

    private static System.Reflection.Assembly LoadLayer(int layer) =>
        System.Reflection.Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, Layers[layer] + ".dll"));

    private static bool IsExecutable(string project) =>
        XDocument.Load(project).Descendants("OutputType").Any(e => string.Equals(e.Value.Trim(), "Exe", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> ProjectReferences(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(e => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, e.Attribute("Include")!.Value.Replace('\\', '/'))));
}
