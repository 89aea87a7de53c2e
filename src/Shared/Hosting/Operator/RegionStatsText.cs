using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// <c>cluster-sharding region-stats -r TYPE</c> in Petabridge.Cmd's format: the <c>cluster show</c> line of
/// every member, <c>[coordinator](TYPE)</c> on the node hosting that type's shard coordinator (the oldest
/// member of the region's role), then <c>| shards: N | entities: M</c>.
/// </summary>
public static class RegionStatsText
{
    public static string Format(string typeName, string role, ClusterEvent.CurrentClusterState state, IReadOnlyDictionary<Address, ShardRegionStats> regions)
    {
        var coordinatorHost = state.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(role))
            .Aggregate((Member?)null, (oldest, m) => oldest is null || m.IsOlderThan(oldest) ? m : oldest);
        var text = new StringBuilder();
        foreach (var member in MemberLines.Ordered(state))
        {
            IReadOnlyDictionary<string, int> stats = regions.TryGetValue(member.Address, out var s) ? s.Stats : new Dictionary<string, int>();
            text.Append(MemberLines.Line(member, state.Unreachable.Contains(member)));
            if (member.Equals(coordinatorHost))
            {
                text.Append(CultureInfo.InvariantCulture, $" [coordinator]({typeName})");
            }

            text.Append(CultureInfo.InvariantCulture, $" | shards: {stats.Count} | entities: {stats.Values.Sum()}\n");
        }

        return text.ToString();
    }
}
