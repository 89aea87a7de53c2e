using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>
/// No message carries these collection kinds yet; this pins that the mirror options handle them when one
/// does (same options as the source-generated context, resolved by reflection for this test-only record).
/// </summary>
public sealed class CollectionMemberTests
{
    public sealed record Bag(
        ImmutableArray<string> Array,
        ImmutableDictionary<string, int> Immutable,
        IReadOnlyDictionary<string, TimeSpan> ReadOnly,
        IReadOnlyList<DateTimeOffset> List);

    [Fact]
    public void Immutable_and_read_only_collections_round_trip_with_the_mirror_options()
    {
        var options = new JsonSerializerOptions(MirrorJsonContext.Default.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var bag = new Bag(["a", "b"], ImmutableDictionary<string, int>.Empty.Add("x", 1).Add("y", 2),
            new Dictionary<string, TimeSpan> { ["t"] = SampleParts.Odd }, [SampleParts.When]);

        var json = JsonSerializer.Serialize(bag, options);
        var copy = JsonSerializer.Deserialize<Bag>(json, options);

        Assert.Contains("\"readOnly\":{\"t\":\"PT20M34.5678901S\"}", json);
        StructuralAssert.Equal(bag, copy);
    }
}
