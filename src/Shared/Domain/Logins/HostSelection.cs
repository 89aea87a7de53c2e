using FluxMirror.Domain.Config;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Logins;

/// <summary>The hosts <c>login</c> and <c>secret</c> act on: every configured host, or those named by <c>--host</c>.</summary>
public static class HostSelection
{
    /// <param name="requested">The <c>--host</c> values in the order given; empty = all hosts, in config order.</param>
    public static IReadOnlyList<HostEntry> Select(MirrorConfig config, IReadOnlyList<string> requested)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(requested);
        if (config.Hosts.Count == 0)
        {
            throw new LoginException("config has no hosts");
        }

        if (requested.Count == 0)
        {
            return config.Hosts;
        }

        var selected = new List<HostEntry>();
        foreach (var name in requested)
        {
            // Matched exactly, port included, as sync matches request hosts.
            var host = config.Hosts.FirstOrDefault(h => h.Host == name)
                ?? throw new LoginException($"host {GoQuote.Quote(name)} not found in hosts");
            if (!selected.Contains(host))
            {
                selected.Add(host);
            }
        }

        return selected;
    }
}
