using System.Globalization;
using System.Text;
using Akka.Cluster;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// Membership in the line format operators know from Petabridge.Cmd's <c>cluster show</c>, so runbooks carry
/// over: <c>address | [roles] | status | unreachable-marker | app-version</c>, then <c>Count: N nodes</c>.
/// </summary>
public static class MemberLines
{
    public static string Line(Member member, bool unreachable) => string.Create(
        CultureInfo.InvariantCulture,
        $"{member.Address} | [{string.Join(",", member.Roles.Order(StringComparer.Ordinal))}] | {member.Status.ToString().ToLowerInvariant()} | {(unreachable ? "unreachable" : string.Empty)} | {member.AppVersion}");

    /// <summary><c>cluster show</c>: every member, ordered by address, then the count.</summary>
    public static string Show(ClusterEvent.CurrentClusterState state)
    {
        var text = new StringBuilder();
        foreach (var member in Ordered(state))
        {
            text.Append(Line(member, state.Unreachable.Contains(member))).Append('\n');
        }

        return text.Append(CultureInfo.InvariantCulture, $"Count: {state.Members.Count} nodes\n").ToString();
    }

    public static IEnumerable<Member> Ordered(ClusterEvent.CurrentClusterState state) =>
        state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal);
}
