using System.Xml.Linq;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>
/// How `dotnet publish` compiles the flux-mirror executable. A publish takes minutes, so the tests hold the project
/// file to the rules instead: crossgen2's cross-module code is only sound for assemblies that always ship together
/// (dotnet/runtime#114183), which is true of a self-contained publish and false of a framework-dependent one.
/// </summary>
public sealed class PublishSettingsTests
{
    private const string CrossModuleArgs = "PublishReadyToRunCrossgen2ExtraArgs";

    [Fact]
    public void A_publish_is_self_contained_and_ready_to_run_unless_told_otherwise()
    {
        var publishing = PropertyGroups().Single(g => Condition(g) == "'$(_IsPublishing)' == 'true'");

        Assert.Equal("true", Value(publishing, "PublishReadyToRun"));
        var selfContained = publishing.Element("SelfContained")!;
        Assert.Equal("true", selfContained.Value);
        Assert.Equal("'$(SelfContained)' == ''", selfContained.Attribute("Condition")?.Value);
    }

    [Fact]
    public void Cross_module_code_is_compiled_only_into_a_self_contained_publish()
    {
        var groups = PropertyGroups().Where(g => g.Element(CrossModuleArgs) is not null).ToList();

        var group = Assert.Single(groups);
        Assert.Equal("'$(_IsPublishing)' == 'true' And '$(SelfContained)' == 'true'", Condition(group));
        Assert.Equal(["--opt-cross-module:*", "--non-local-generics-module:*"], Value(group, CrossModuleArgs).Split(';'));
    }

    [Fact]
    public void The_local_cluster_script_publishes_framework_dependent_because_it_runs_the_dlls_with_dotnet()
    {
        var script = File.ReadAllText(RepositoryFiles.PathOf("scripts/cluster-local.sh"));

        Assert.Contains("dotnet publish \"$ROOT/src/Coordinator\" -c Release -p:SelfContained=false", script, StringComparison.Ordinal);
        Assert.Contains("dotnet \"$bin/flux-mirror.dll\"", script, StringComparison.Ordinal);
    }

    private static List<XElement> PropertyGroups() =>
        [.. XDocument.Load(RepositoryFiles.PathOf("src/Coordinator/FluxMirror.Coordinator.csproj")).Root!.Elements("PropertyGroup")];

    private static string? Condition(XElement element) => element.Attribute("Condition")?.Value;

    private static string Value(XElement group, string name) => group.Element(name)?.Value ?? "";
}
