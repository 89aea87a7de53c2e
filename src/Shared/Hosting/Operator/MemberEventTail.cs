using System.Globalization;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using FluxMirror.Protocol.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// <c>cluster tail</c>: the membership and reachability events this node sees, one line each
/// (<c>2026-12-04T09:30:00.000Z MemberUp akka.tcp://… | [worker] | up |  | 1.0.0</c>), starting with the current members,
/// until the client goes away or the node stops. An empty line every <see cref="StreamHeartbeat.Interval"/> keeps
/// an idle stream from looking dead.
/// </summary>
public static class MemberEventTail
{
    private static readonly TimeSpan Heartbeat = StreamHeartbeat.Interval;

    public static async Task StreamAsync(HttpContext http, ActorSystem system, IHostApplicationLifetime lifetime)
    {
        // A slow reader loses the oldest lines, never the node's memory.
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var tail = system.ActorOf(Props.Create(() => new MemberEventTailActor(lines.Writer)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.StartAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                await http.Response.WriteAsync(await NextLineAsync(lines.Reader, stop.Token) + "\n", stop.Token);
                await http.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // The client left, or the node is stopping (its actor system stopped the tail).
        }
        finally
        {
            tail.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>The line of a cluster event, or null for events the tail does not show.</summary>
    public static string? Line(object clusterEvent, DateTimeOffset at) => clusterEvent switch
    {
        ClusterEvent.IMemberEvent e => Format(at, e.GetType().Name, e.Member, unreachable: false),
        ClusterEvent.UnreachableMember e => Format(at, nameof(ClusterEvent.UnreachableMember), e.Member, unreachable: true),
        ClusterEvent.ReachableMember e => Format(at, nameof(ClusterEvent.ReachableMember), e.Member, unreachable: false),
        _ => null,
    };

    private static string Format(DateTimeOffset at, string name, Member member, bool unreachable) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {name} {MemberLines.Line(member, unreachable)}");

    private static async Task<string> NextLineAsync(ChannelReader<string> reader, CancellationToken ct)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        beat.CancelAfter(Heartbeat);
        try
        {
            return await reader.ReadAsync(beat.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "";
        }
    }

    /// <summary>Lives as long as one tail request: subscribes, hands each event's line to the request, unsubscribes.</summary>
    private sealed class MemberEventTailActor : ReceiveActor
    {
        private readonly ChannelWriter<string> _lines;

        public MemberEventTailActor(ChannelWriter<string> lines)
        {
            _lines = lines;
            ReceiveAny(e =>
            {
                if (Line(e, DateTimeOffset.UtcNow) is { } line)
                {
                    _lines.TryWrite(line);
                }
            });
        }

        protected override void PreStart() =>
            AkkaCluster.Get(Context.System).Subscribe(
                Self,
                ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent),
                typeof(ClusterEvent.IReachabilityEvent));

        protected override void PostStop()
        {
            AkkaCluster.Get(Context.System).Unsubscribe(Self);
            _lines.TryComplete();
        }
    }
}
