using System.Reflection;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>Nobody can add a message without a manifest, or a manifest without a round-trip sample.</summary>
public sealed class ManifestRegistryTests
{
    private static readonly Assembly[] ProjectAssemblies =
    [
        typeof(IMirrorMessage).Assembly,
        typeof(FluxMirror.Actors.Jobs.JobCoordinatorActor).Assembly,
        Assembly.Load("flux-mirror-worker"),
        Assembly.Load("flux-mirror"),
    ];

    [Fact]
    public void Every_concrete_mirror_message_has_a_manifest()
    {
        var messages = ProjectAssemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMirrorMessage).IsAssignableFrom(t))
            .ToList();

        Assert.Contains(typeof(RunTagAttempt), messages);
        var missing = messages.Where(t => !MessageManifests.ByType.ContainsKey(t)).Select(t => t.FullName).Order().ToList();
        Assert.True(missing.Count == 0,
            "messages without a manifest (add a line to src/Shared/Protocol/Serialization/MessageManifests.cs " +
            "and a [JsonSerializable] line to MirrorJsonContext.cs): " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_registered_type_is_a_mirror_message_so_the_binding_routes_it_here()
    {
        var strays = MessageManifests.ByType.Keys.Where(t => !typeof(IMirrorMessage).IsAssignableFrom(t)).Select(t => t.Name).ToList();

        Assert.Empty(strays);
    }

    [Fact]
    public void Every_registered_message_has_a_round_trip_sample_under_its_manifest()
    {
        var expected = MessageManifests.ByType.OrderBy(p => p.Value).Select(p => $"{p.Key.Name}={p.Value}").ToList();
        var sampled = MessageSamples.All.OrderBy(s => s.Manifest).Select(s => $"{s.Type.Name}={s.Manifest}").ToList();

        Assert.Equal(expected, sampled);
        Assert.All(MessageSamples.All, s => Assert.Equal(s.Type, s.Minimal.GetType()));
    }

    [Fact]
    public void Manifests_are_short_ascii_and_unique()
    {
        var manifests = MessageManifests.ByType.Values.ToList();

        Assert.All(manifests, m => Assert.Matches("^[a-z0-9]{2,4}$", m));
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_table_rejects_a_duplicate_manifest()
    {
        var json = MirrorJsonContext.Default;

        var e = Assert.Throws<InvalidOperationException>(() => new ManifestTable([ManifestEntry.Of(() => json.FollowJob, "fj"), ManifestEntry.Of(() => json.JobProgress, "fj")]));
        Assert.Contains("\"fj\" is used twice", e.Message);
    }

    [Theory]
    [InlineData("f")]
    [InlineData("fjobs")]
    [InlineData("f.j")]
    public void The_table_rejects_a_malformed_manifest(string manifest)
    {
        Assert.Throws<InvalidOperationException>(() => new ManifestTable([ManifestEntry.Of(() => MirrorJsonContext.Default.FollowJob, manifest)]));
    }

    [Fact]
    public void Every_manifest_names_the_contract_of_its_own_type()
    {
        Assert.All(MessageManifests.ByType, p => Assert.Equal(p.Key, MessageManifests.FindByManifest(p.Value)!.TypeInfo.Type));
    }

    [Fact]
    public void Building_the_table_builds_no_contract_until_a_message_is_serialized()
    {
        var built = 0;
        var table = new ManifestTable([ManifestEntry.Of(() => { built++; return MirrorJsonContext.Default.FollowJob; }, "fj")]);
        Assert.Equal(0, built);

        Assert.Equal(typeof(FollowJob), table.FindByManifest("fj")!.TypeInfo.Type);
        Assert.Equal(1, built);
    }
}
