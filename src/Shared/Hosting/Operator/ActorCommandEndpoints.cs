using System.Globalization;
using System.Text;
using Akka.Actor;
using FluxMirror.Protocol.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// <c>actor hierarchy [-s PATH] [-d DEPTH]</c>: the answering node's actors as Petabridge.Cmd prints them, a flat
/// sorted list of paths without the address (<c>/system/…</c> before <c>/user/…</c>). Read from the guardians'
/// children, which is a snapshot and asks no actor anything; capped so thousands of tag-copy entities stay readable.
/// </summary>
public static class ActorCommandEndpoints
{
    public const int MaxLines = 10_000;

    public static IEndpointRouteBuilder MapActorCommands(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/actor/hierarchy", (ActorSystem system, string? start, int? depth) =>
        {
            var text = Hierarchy((ExtendedActorSystem)system, string.IsNullOrEmpty(start) ? "/" : start, depth ?? int.MaxValue);
            return text is null
                ? Results.NotFound(new ApiError($"no actor at {start} on this node"))
                : Results.Text(text);
        });
        return app;
    }

    /// <summary>The paths under <paramref name="start"/> (itself included), or null when nothing lives there.</summary>
    public static string? Hierarchy(ExtendedActorSystem system, string start, int depth)
    {
        var roots = new[] { system.SystemGuardian, system.Guardian }.Cast<IActorRef>();
        var paths = new List<string>();
        foreach (var root in roots)
        {
            Collect(root, 0, paths, depth);
        }

        var prefix = start.TrimEnd('/');
        var selected = paths
            .Where(p => prefix.Length == 0 || p == prefix || p.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (selected.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var path in selected.Take(MaxLines))
        {
            text.Append(path).Append('\n');
        }
        if (selected.Count > MaxLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"… and {selected.Count - MaxLines} more (narrow it with -s PATH or -d DEPTH)\n");
        }

        return text.ToString();
    }

    private static void Collect(IActorRef actor, int level, List<string> paths, int depth)
    {
        paths.Add("/" + string.Join("/", actor.Path.Elements));
        if (level >= depth || actor is not ActorRefWithCell withCell)
        {
            return;
        }

        foreach (var child in withCell.Children)
        {
            Collect(child, level + 1, paths, depth);
        }
    }
}
